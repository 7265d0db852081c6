/**
 * Connection-oriented DCE/RPC PDU codecs (C706 12.6, MS-RPCE 2.2.2): the 16-byte common header, bind/alter_context
 * and their acks and naks, request, response, fault, presentation-context elements and results, and the sec_trailer
 * (MS-RPCE 2.2.2.11). Records and pure encoders/decoders; violations are
 * {@link dev.casmb.rpc.pdu.PduFormatException}. No connection state.
 */
package dev.casmb.rpc.pdu;
