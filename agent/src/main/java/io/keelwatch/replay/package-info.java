/**
 * Replay: a journal or a capture bundle through the same pipeline core as the live agent, on the
 * recording's own clock (ticks are inputs; bundles get synthesized ones) and with host lookups answered
 * only from what was recorded, so the same inputs give the same alerts on any machine.
 */
package io.keelwatch.replay;
