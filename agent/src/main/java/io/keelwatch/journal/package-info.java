/**
 * The forensic journal: every {@link io.keelwatch.input.HostInput} the pipeline core consumed, in the
 * order it consumed them, in a Chronicle Queue under {@code /var/lib/keelwatch/journal}.
 *
 * <ul>
 *   <li><b>Format.</b> One excerpt per input in the journal's own binary layout ({@link io.keelwatch.journal.InputCodec}):
 *   a version byte, a type tag, the receive time, then the type's fields. Audit lines keep their raw bytes.</li>
 *   <li><b>Cycles.</b> One file per hour ({@code 20261124-14F.cq4}) or per day, chosen by the receive time of
 *   the inputs, so a file holds exactly the inputs received in its span.</li>
 *   <li><b>Retention.</b> Whole cycle files go when they ended more than {@code max_age} ago (in journal
 *   time) and, oldest first, while the journal is over {@code max_size}; never the one being written.</li>
 *   <li><b>The fsync point.</b> Every {@code syncInterval} (1 s) the writer forces the mapped file to disk
 *   ({@code msync}); {@link io.keelwatch.journal.JournalStats#lastSyncIndex()} is the last input it covered.
 *   After a crash of any kind every input up to that point reads back intact and in order; after a crash of
 *   the process alone ({@code kill -9}) every input whose append returned reads back, since the page cache
 *   keeps it. A cut-short excerpt is never read: Chronicle completes a header only after its body.</li>
 *   <li><b>A full disk.</b> The writer leaves a reserve free and allocates blocks ahead of its tail with
 *   plain writes, so it never stores into a mapped page the disk cannot back (which would fault). Inputs it
 *   cannot write are dropped and counted, and {@link io.keelwatch.journal.JournalStats#diskFull()} is raised
 *   until space is back; nothing throws.</li>
 * </ul>
 */
package io.keelwatch.journal;
