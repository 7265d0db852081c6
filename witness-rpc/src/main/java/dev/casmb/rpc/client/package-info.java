/**
 * A small blocking DCE/RPC client over ncacn_ip_tcp (C706 ch. 12) with NTLMSSP packet integrity: an endpoint-mapper
 * {@link dev.casmb.rpc.client.EpmClient} (ept_map) and an MS-SWN {@link dev.casmb.rpc.client.WitnessClient}
 * (GetInterfaceList, RegisterEx, AsyncNotify, UnRegister, MS-SWN 3.2) as a Windows SMB client uses them. One call at a
 * time, unfragmented requests; used by the {@code smb-client} module ({@code dev.casmb.client.WitnessFollower}) and
 * tests, not by the server.
 */
package dev.casmb.rpc.client;
