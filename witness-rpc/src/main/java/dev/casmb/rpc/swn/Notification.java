package dev.casmb.rpc.swn;

/** A ready-to-send AsyncNotify payload: MessageType, NumberOfMessages and the raw MessageBuffer. */
public record Notification(int messageType, int numberOfMessages, byte[] messageBuffer) {
}
