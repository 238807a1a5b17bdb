// daprd as Dapr's release builds it for the pub/subs this project runs: the stock runtime (app.Run) with the
// `stablecomponents` set, plus NATS JetStream's pub/sub, which Dapr 1.16 ships in release binaries but tags
// `allcomponents` only (it is not yet stable). Registering that one component here keeps the build a fraction of
// `allcomponents` (every cloud SDK) while the sidecar loads components/jetstream as a release daprd would.
package main

import (
	"github.com/dapr/components-contrib/pubsub/jetstream"
	"github.com/dapr/dapr/cmd/daprd/app"
	_ "github.com/dapr/dapr/cmd/daprd/components"
	pubsubLoader "github.com/dapr/dapr/pkg/components/pubsub"
)

func init() {
	pubsubLoader.DefaultRegistry.RegisterComponent(jetstream.NewJetStream, "jetstream")
}

func main() {
	app.Run()
}
