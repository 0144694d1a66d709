package io.keelwatch.audit;

/**
 * The names an ENRICHED log ({@code log_format = ENRICHED} in auditd.conf) gives a SYSCALL record's ids:
 * auditd resolved them on the host when it wrote the line, after the 0x1D separator. {@code null} where the
 * line gives none: a RAW log, a netlink record, or an id the tail leaves out.
 *
 * @param auid the login user's name ({@code AUID=}; {@code unset} when the kernel's auid is unset)
 * @param uid  the real user's name ({@code UID=})
 * @param gid  the real group's name ({@code GID=})
 */
public record IdNames(String auid, String uid, String gid) {
    /** A record without an ENRICHED tail. */
    public static final IdNames NONE = new IdNames(null, null, null);
}
