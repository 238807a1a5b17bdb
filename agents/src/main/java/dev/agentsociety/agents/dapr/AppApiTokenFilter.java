package dev.agentsociety.agents.dapr;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Only its sidecar may call the app: with {@code APP_API_TOKEN} set (daprd is given the same variable, and sends it
 * as the {@value #HEADER} header on every call — deliveries, {@code /dapr/subscribe}, health probes), a request without
 * that token is answered 401 and goes no further. {@code /actuator/health} stays open to an orchestrator's probes:
 * it tells whether the agent is up, nothing more. The token is compared in constant time and never logged.
 */
public final class AppApiTokenFilter extends OncePerRequestFilter {

    public static final String ENV = "APP_API_TOKEN";
    public static final String HEADER = "dapr-api-token";
    private static final Logger log = LoggerFactory.getLogger(AppApiTokenFilter.class);

    private final byte[] token;

    public AppApiTokenFilter(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/actuator/health");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            log.warn("refused {} {} from {}: {} (only this agent's sidecar may call it)", request.getMethod(),
                    request.getRequestURI(), request.getRemoteAddr(), given == null ? "no " + HEADER + " header" : "wrong " + HEADER);
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "missing or wrong " + HEADER);
            return;
        }
        chain.doFilter(request, response);
    }
}
