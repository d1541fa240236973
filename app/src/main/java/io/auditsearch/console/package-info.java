/**
 * The audit console (issue 18): the single-page front end built from {@code console/} into the jar and served at
 * {@code /console}, the caller's own identity for it ({@code /console/api/me}), and embeddable viewer tokens:
 * minted by an admin at {@code /v1/admin/viewer-tokens}, read from {@code Authorization: Viewer <token>} as a
 * tenant-bound read-only caller whose fixed filters this package enforces on every read it makes.
 */
package io.auditsearch.console;
