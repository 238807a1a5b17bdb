package dev.agentsociety.agents.signup;

import dev.agentsociety.agents.dapr.DaprTransport;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** signup-agent: turns sign-up requests into CustomerSignedUp events. It knows nothing of who listens. */
@SpringBootApplication
@Import(DaprTransport.class)
public class SignupAgentApplication {

    public static void main(String[] args) {
        SpringApplication.run(SignupAgentApplication.class, args);
    }
}
