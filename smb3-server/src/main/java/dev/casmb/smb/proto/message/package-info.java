/**
 * One immutable record per SMB2 request and response body (MS-SMB2 2.2.x) and per create context
 * (2.2.13.2, 2.2.14.2): {@code XxxRequest.decode(Smb2Body)} reads a body through the bounds-checked
 * {@link dev.casmb.smb.proto.Smb2Body} and fails with STATUS_INVALID_PARAMETER on a malformed one;
 * {@code encode(ByteBuf)} writes the body from StructureSize on, with buffer offsets counted from the
 * header (as if the 64-byte header preceded the writer index). Both directions exist for every message so
 * that the server and the project's SMB client share one codec. Pure: no state, no I/O, Netty buffers only;
 * golden-byte tests hold each codec to captured frames. The FSCTL buffers an IOCTL carries (MS-SMB2
 * 2.2.31.x, 2.2.32.x; MS-FSCC 2.3.x) decode from the IOCTL's input bytes the same way, and
 * {@link dev.casmb.smb.proto.message.Smb1NegotiateRequest} is the one SMB1 message: the multi-protocol
 * NEGOTIATE that upgrades to SMB2 (MS-SMB2 3.3.5.3).
 */
package dev.casmb.smb.proto.message;
