package io.keelwatch.host.live;

/**
 * What the live host lookup could not answer, as a snapshot any thread may take.
 *
 * @param procMisses     /proc reads that found nothing (process gone, or not a pid)
 * @param dockerFailures Docker requests that failed (daemon down or refused); 404s are answers, not failures
 */
public record LookupStats(long procMisses, long dockerFailures) {
}
