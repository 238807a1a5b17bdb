package dev.agentsociety.agents.projection;

import dev.agentsociety.agents.dapr.IncomingEvents;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.EventTypes;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.Envelope;
import dev.agentsociety.domain.ledger.LedgerEvent;
import dev.agentsociety.domain.ledger.LedgerViews;
import io.dapr.Topic;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
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

    @Topic(name = "${agent.topic-prefix:}" + Topics.LEDGER_EVENTS, pubsubName = "${agent.projection.pubsub:replay}",
            metadata = IncomingEvents.RAW_PAYLOAD)
    @PostMapping("/events/ledger-events")
    public void onLedgerEvent(@RequestBody(required = false) byte[] record, @RequestHeader HttpHeaders headers) throws IOException {
        IncomingEvents.Delivery delivery = IncomingEvents.Delivery.of(record, headers);
        try {
            Envelope envelope = Envelope.open(delivery.value(), delivery.headers());
            Class<?> type = EventTypes.classOf(envelope.type()).filter(LedgerEvent.class::isAssignableFrom)
                    .orElseThrow(() -> new IllegalArgumentException("type " + envelope.type()));
            views.feed((LedgerEvent) EventJson.fromBytes(envelope.data(), type));
        } catch (RuntimeException unreadable) {
            views.unreadable();
            log.warn("{} skipped {}: not a ledger event ({})", LedgerViews.NAME, delivery.source(), unreadable.getMessage());
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
