package dev.continuum.apiserver;

/** What a request does, for authorization and the audit log. */
enum Verb {
    GET("read"),
    LIST("list"),
    WATCH("watch"),
    CREATE("create"),
    UPDATE("change"),
    UPDATE_STATUS("change the status of"),
    DELETE("delete"),
    LOGS("read the logs of");

    private final String words;

    Verb(String words) {
        this.words = words;
    }

    /** The verb in a sentence: "may not <words> ...". */
    String words() {
        return words;
    }

    boolean reads() {
        return this == GET || this == LIST || this == WATCH || this == LOGS;
    }
}
