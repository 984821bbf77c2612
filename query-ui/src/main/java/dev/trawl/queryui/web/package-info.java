/** Serving the browser app's static files with strict security headers. */
package dev.trawl.queryui.web;
