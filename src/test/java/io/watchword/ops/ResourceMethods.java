package io.watchword.ops;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every JAX-RS resource method of the build, found by reflection over the compiled classes
 * ({@code target/classes}): a class with {@code @Path}, a method with an annotation that is
 * itself {@code @HttpMethod} ({@code @GET}, {@code @POST}…).
 */
public final class ResourceMethods {

    /** {@code method} is upper case; {@code path} is under {@code /api}, starting with {@code /}. */
    public record Operation(String method, String path, String javaMethod) {
    }

    private ResourceMethods() {
    }

    public static List<Operation> all() {
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("watchword.classes", "target/classes"));
        List<Operation> ops = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
                String rel = root.relativize(f).toString();
                if (!rel.endsWith(".class") || rel.contains("$")) {
                    continue;
                }
                Class<?> c = Class.forName(rel.substring(0, rel.length() - 6).replace('/', '.'), false,
                        ResourceMethods.class.getClassLoader());
                Path base = c.getAnnotation(Path.class);
                if (base == null) {
                    continue;
                }
                for (Method m : c.getDeclaredMethods()) {
                    for (Annotation a : m.getAnnotations()) {
                        HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
                        if (http != null) {
                            Path sub = m.getAnnotation(Path.class);
                            ops.add(new Operation(http.value(), join(base.value(), sub == null ? "" : sub.value()),
                                    c.getSimpleName() + "." + m.getName()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return ops;
    }

    /** {@code "admin/journeys"} + {@code "{id}"} → {@code "/admin/journeys/{id}"}; a regex in a template is dropped. */
    static String join(String a, String b) {
        String p = ("/" + a + "/" + b).replaceAll("/+", "/");
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.replaceAll("\\{([A-Za-z0-9_]+)\\s*:[^}]*}", "{$1}");
    }
}
