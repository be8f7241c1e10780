package io.watchword.journey.control;

import static io.watchword.journey.control.Flows.json;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceResponseTest {

    @Test
    void waitingResponseCarriesFlowTokenDataAndOptions() {
        JsonObject options = ClientOptions.of(json("{'email':{'type':'string','required':true}}"), "Continue", false);

        JsonObject json = ServiceResponse.waiting("identify", Map.of("formId", "identify"), options)
                .flow("flow-1", "tok").toJson();

        assertThat(json).isEqualTo(json("{'flowId':'flow-1','interactionToken':'tok','type':'client_input_required',"
                + "'journeyStepId':'identify','data':{'formId':'identify'},'clientResponseOptions':{"
                + "'client_input':{'type':'client_input','id':'client_input','label':'Continue',"
                + "'schema':{'email':{'type':'string','required':true}}},"
                + "'cancel':{'type':'cancel','id':'cancel','label':'Cancel'}}}"));
    }

    @Test
    void successLeavesOutAbsentFields() {
        JsonObject json = ServiceResponse.success("jwt").flow("flow-1", null).toJson();

        assertThat(json).isEqualTo(json("{'flowId':'flow-1','type':'journey_success',"
                + "'journeyStepId':'action:success','token':'jwt'}"));
    }

    @Test
    void successWithoutTokenHasNoTokenField() {
        assertThat(ServiceResponse.success(null).toJson().containsKey("token")).isFalse();
    }

    @Test
    void rejectionWithoutDetailsHasNoErrorDataData() {
        JsonObject json = ServiceResponse.rejection("journey_cancelled", "The journey was cancelled.", Map.of())
                .flow("flow-1", null).toJson();

        assertThat(json).isEqualTo(json("{'flowId':'flow-1','type':'journey_rejection',"
                + "'journeyStepId':'action:rejection','errorData':{'errorCode':'journey_cancelled',"
                + "'description':'The journey was cancelled.'}}"));
    }

    @Test
    void rejectionCarriesTheFailureDetails() {
        JsonObject json = ServiceResponse.rejection("locked_out", "Locked.", Map.of("retry_after", 60L)).toJson();

        assertThat(json.getJsonObject("errorData")).isEqualTo(json("{'errorCode':'locked_out','description':'Locked.',"
                + "'data':{'retry_after':60}}"));
    }

    @Test
    void updateRequiredKeepsTheStepAndAddsTheReason() {
        ServiceResponse r = ServiceResponse.waiting("genericOTPAuthentication", Map.of("attempts_left", 2), null)
                .updateRequired("invalid_credentials", "The passcode is not correct.", Map.of("attempts_left", 2));

        JsonObject json = r.toJson();

        assertThat(r.waitsForClient()).isTrue();
        assertThat(json.getString("type")).isEqualTo("client_input_update_required");
        assertThat(json.getString("journeyStepId")).isEqualTo("genericOTPAuthentication");
        assertThat(json.containsKey("clientResponseOptions")).isFalse();
        assertThat(json.getJsonObject("errorData").getJsonObject("data").getInt("attempts_left")).isEqualTo(2);
    }
}
