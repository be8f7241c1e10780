package io.watchword.bench;

/**
 * Reads one top-level string member out of a flat JSON answer. The driver must spend as little
 * CPU as it can (it shares the machine with the server), so it does not build object trees;
 * the values it reads (ids, tokens, types, phone numbers, texts) carry no escapes.
 */
final class Json {

    private Json() {
    }

    static String field(String json, String name) {
        String key = "\"" + name + "\":\"";
        int i = json.indexOf(key);
        if (i < 0) {
            return null;
        }
        int start = i + key.length();
        int end = json.indexOf('"', start);
        return end < 0 ? null : json.substring(start, end);
    }
}
