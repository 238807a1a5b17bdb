package dev.agentsociety.agents.projection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.agents.dapr.IncomingEvents;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.EventTypes;
import dev.agentsociety.domain.ledger.LedgerEvent;
import dev.agentsociety.domain.ledger.LedgerViews;
import io.dapr.Topic;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Feeds every ledger event daprd delivers to the views and serves them: {@code GET /balances}, {@code /daily-totals},
 * {@code /status}. Delivery is at least once and, when the ledger republished after a crash, not always in order:
 * the views skip what they have and hold back what came early. A record that is no ledger event is counted and
 * acknowledged (a view has nothing to dead-letter: it only reads).
 */
@RestController
class ProjectionSubscriber {

    private static final Logger log = LoggerFactory.getLogger(ProjectionSubscriber.class);

    private final LedgerViews views;

    ProjectionSubscriber(LedgerViews views) {
        this.views = views;
    }

    @Topic(name = "${agent.topic-prefix:}" + Topics.LEDGER_EVENTS, pubsubName = "${agent.projection.pubsub:replay}")
    @PostMapping("/events/ledger-events")
    public void onLedgerEvent(@RequestBody byte[] cloudEvent) throws IOException {
        JsonNode envelope = EventJson.mapper().readTree(cloudEvent);
        try {
            Class<?> type = EventTypes.classOf(envelope.path("type").asText()).filter(LedgerEvent.class::isAssignableFrom)
                    .orElseThrow(() -> new IllegalArgumentException("type " + envelope.path("type")));
            views.feed((LedgerEvent) EventJson.mapper().readValue(IncomingEvents.data(envelope), type));
        } catch (IOException | RuntimeException unreadable) {
            views.unreadable();
            log.warn("{} skipped CloudEvent {}: not a ledger event ({})", LedgerViews.NAME, envelope.path("id").asText(),
                    unreadable.getMessage());
        }
    }

    @GetMapping("/balances")
    public Map<String, Long> balances() {
        return views.balances();
    }

    @GetMapping("/daily-totals")
    public List<LedgerViews.DayTotals> dailyTotals() {
        return views.dailyTotals();
    }

    @GetMapping("/status")
    public LedgerViews.Status status() {
        return views.status();
    }
}
