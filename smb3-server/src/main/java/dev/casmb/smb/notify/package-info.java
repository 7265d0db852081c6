/**
 * Change notification state of one server ({@link dev.casmb.smb.notify.Notifications}, made by {@code ServerContext}):
 * the watched directory handles with their pending CHANGE_NOTIFY requests and kept changes, and the handles whose
 * write or rename is reported when they close. The command handlers report changes made through the server
 * ({@code server.notifications().fire(...)}); the CHANGE_NOTIFY handler ({@code command.ChangeNotify}) only decodes
 * the request and hands it to the watch, which sees the request only as a
 * {@link dev.casmb.smb.response.DeferrableRequest} (so this package sits below the dispatcher). Two servers in one JVM never see each other's changes.
 */
package dev.casmb.smb.notify;
