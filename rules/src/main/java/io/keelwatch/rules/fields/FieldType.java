package io.keelwatch.rules.fields;

/** How a field's values compare. */
public enum FieldType {
    STRING,
    /** Signed 64-bit integer; literals may carry a duration suffix (s, m, h, d) meaning seconds. */
    NUMBER,
    BOOL,
    /** An IP address: {@code =} and {@code in} also accept CIDR networks. */
    IP,
    /** A multi-valued string field. */
    LIST
}
