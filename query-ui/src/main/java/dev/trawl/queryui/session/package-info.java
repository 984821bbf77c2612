/**
 * Who is calling the browser app's {@code /api} and which namespaces they may read: no one in
 * particular with {@code auth.mode: none}; a Kubernetes token (bearer header, or a sign-in that
 * leaves only an HttpOnly session cookie in the browser) with {@code kubernetes}; the user an
 * authenticating proxy in a trusted address range names with {@code proxy}.
 */
package dev.trawl.queryui.session;
