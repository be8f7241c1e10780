package io.watchword.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The reviewed OpenAPI document ({@code src/main/resources/openapi/watchword.json}) parses as
 * OpenAPI 3 without a message, and holds every JAX-RS resource method of the build — so a new
 * endpoint without its entry fails the build.
 */
public class OpenApiDocumentTest {

    /** Paths of the contract documented before they are built (contract §11, issue 15). */
    static final Set<String> CONTRACT_ONLY = Set.of("POST /admin/signing-keys/rotate");

    static String document() throws IOException {
        return Files.readString(java.nio.file.Path.of("src/main/resources/openapi/watchword.json"));
    }

    /** Parses a document and returns it, asserting that the parser had nothing to say. */
    public static OpenAPI parse(String json) {
        SwaggerParseResult r = new OpenAPIV3Parser().readContents(json);
        assertThat(r.getMessages()).as("parser messages").isEmpty();
        assertThat(r.getOpenAPI()).isNotNull();
        assertThat(r.getOpenAPI().getOpenapi()).startsWith("3.");
        return r.getOpenAPI();
    }

    /** The operations of a parsed document missing for the resource methods of the build. */
    public static List<String> missing(OpenAPI api) {
        List<String> missing = new ArrayList<>();
        for (ResourceMethods.Operation op : ResourceMethods.all()) {
            PathItem item = api.getPaths().get(op.path());
            if (item == null || !item.readOperationsMap().containsKey(PathItem.HttpMethod.valueOf(op.method()))) {
                missing.add(op.method() + " " + op.path() + " (" + op.javaMethod() + ")");
            }
        }
        return missing;
    }

    @Test
    void theDocumentParsesAsOpenApi3() throws IOException {
        OpenAPI api = parse(document());
        assertThat(api.getServers().get(0).getUrl()).isEqualTo("/watchword/api");
    }

    @Test
    void everyResourceMethodOfTheBuildIsDocumented() throws IOException {
        List<ResourceMethods.Operation> ops = ResourceMethods.all();
        assertThat(ops).hasSizeGreaterThanOrEqualTo(24); // the scan found the resources at all
        assertThat(missing(parse(document()))).isEmpty();
    }

    @Test
    void everyDocumentedOperationIsBuiltOrNamedAsContractOnly() throws IOException {
        OpenAPI api = parse(document());
        Set<String> built = new java.util.HashSet<>();
        ResourceMethods.all().forEach(o -> built.add(o.method() + " " + o.path()));
        List<String> extra = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet().forEach(m -> {
            String key = m.name() + " " + path;
            if (!built.contains(key) && !CONTRACT_ONLY.contains(key)) {
                extra.add(key);
            }
        }));
        assertThat(extra).isEmpty();
    }

    @Test
    void everyErrorAnswerIsAProblemDocument() throws IOException {
        OpenAPI api = parse(document());
        List<String> notProblem = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((m, op) -> op.getResponses().forEach((code, r) -> {
            boolean error = code.startsWith("4") || (code.startsWith("5") && !"/health".equals(path));
            if (error && (r.getContent() == null || !r.getContent().containsKey("application/problem+json"))) {
                notProblem.add(m + " " + path + " " + code);
            }
        })));
        assertThat(notProblem).isEmpty();
        Schema<?> problem = api.getComponents().getSchemas().get("Problem");
        assertThat(problem.getProperties()).containsKeys("type", "title", "status", "detail", "errors");
        @SuppressWarnings("unchecked")
        Map<String, Object> types = (Map<String, Object>) problem.getExtensions().get("x-problem-types");
        assertThat(types).containsKeys("about:blank", "urn:watchword:problem:validation_failed",
                "urn:watchword:problem:rate_limited", "urn:watchword:problem:flow_expired");
    }
}
