package dev.agentsociety.agents.signup;

import dev.agentsociety.agents.dapr.AgentProperties;
import dev.agentsociety.agents.dapr.DaprEventPublisher;
import dev.agentsociety.domain.events.CustomerSignedUp;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /signups {"customerId":..,"email":..,"plan":..}} publishes a CustomerSignedUp and answers with it. */
@RestController
class SignupController {

    record SignupRequest(String customerId, String email, String plan) {
    }

    private final DaprEventPublisher publisher;
    private final String customerSignups;

    SignupController(DaprEventPublisher publisher, AgentProperties properties) {
        this.publisher = publisher;
        this.customerSignups = properties.topics().customerSignups();
    }

    @PostMapping("/signups")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public CustomerSignedUp signUp(@RequestBody SignupRequest request) {
        CustomerSignedUp signup = CustomerSignedUp.of(request.customerId(), request.email(), request.plan());
        publisher.publish(customerSignups, signup);
        return signup;
    }
}
