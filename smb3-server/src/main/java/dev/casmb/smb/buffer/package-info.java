/**
 * Reusable large direct buffers ({@link dev.casmb.smb.buffer.LargeBuffers}) for big READ payloads and their
 * encryption. Depends on nothing else of the server.
 */
package dev.casmb.smb.buffer;
