package dev.trawl.queryui.session;

import dev.trawl.queryui.api.NamespaceScope;
import dev.trawl.queryui.kubeauth.Identity;

/**
 * One authenticated request's caller.
 *
 * @param who null with {@code auth.mode: none}
 * @param session the browser session the request came with; null for a bearer token, a proxy or no auth
 */
public record Caller(Identity who, NamespaceScope scope, Sessions.Session session) {}
