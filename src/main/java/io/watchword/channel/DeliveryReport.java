package io.watchword.channel;

import java.util.List;
import java.util.Map;

/**
 * How a send went: the connection that delivered it, or the failure the step fails with;
 * either way every connection that was tried and failed, in order ({@code otp.delivery_failed}).
 *
 * @param failedTries   one per connection that failed or was skipped: the client-safe details
 *                      ({@code connection, provider, status?, reason})
 * @param adminDetails  the same tries with the provider's answer, for the audit log only
 * @param deviceGone    the provider said the push device is dead ({@link DeviceUnregistered} fired)
 */
public record DeliveryReport(ConnectionSpec deliveredBy, String failureCode, String failureMessage,
                             Map<String, Object> failureDetails, List<Map<String, Object>> failedTries,
                             List<Map<String, Object>> adminDetails, boolean deviceGone) {

    public DeliveryReport {
        failureDetails = failureDetails == null ? Map.of() : failureDetails;
        failedTries = List.copyOf(failedTries);
        adminDetails = List.copyOf(adminDetails);
    }

    public boolean delivered() {
        return deliveredBy != null;
    }
}
