package dev.casmb.smb.buffer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledUnsafeDirectByteBuf;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Direct buffers for message-sized data (8 MiB READ data, encryption and signing scratch) that are reused
 * instead of allocated afresh. Netty's pool frees a chunk as soon as its last buffer goes, so a steady
 * stream of 8 MiB buffers mapped, zeroed and page-faulted a new chunk for nearly every message (in
 * profiles most of the worker's time in signed transfers). Here up to {@link #KEEP} buffers of
 * {@link #SIZE} bytes stay allocated between uses; larger requests, and returns beyond KEEP, are plain
 * direct buffers freed on release. Thread-safe.
 */
public final class LargeBuffers {
    /** Requests from this size up go here (smaller ones are served well by Netty's pool). */
    public static final int MIN = 1024 * 1024;
    /** Capacity of every kept buffer: an 8 MiB message plus headers, padding and a GCM tag. */
    static final int SIZE = 8 * 1024 * 1024 + 64 * 1024;
    static final int KEEP = 8;
    private static final ArrayBlockingQueue<ByteBuffer> FREE = new ArrayBlockingQueue<>(KEEP);

    private LargeBuffers() { }

    /** A direct buffer of at least {@code capacity} bytes: from here if large, else from {@code alloc}. */
    public static ByteBuf directBuffer(ByteBufAllocator alloc, int capacity) {
        if (capacity < MIN) return alloc.directBuffer(capacity);
        return PlatformDependent.hasUnsafe() ? new UnsafeBuf(alloc, capacity) : new SafeBuf(alloc, capacity);
    }

    private static ByteBuffer take(int capacity) {
        if (capacity <= SIZE) {
            ByteBuffer b = FREE.poll();
            if (b != null) {
                b.clear();
                return b;
            }
            return ByteBuffer.allocateDirect(SIZE);
        }
        return ByteBuffer.allocateDirect(capacity);
    }

    private static void give(ByteBuffer b) {
        if (b.capacity() != SIZE || !FREE.offer(b)) PlatformDependent.freeDirectBuffer(b);
    }

    private static final class UnsafeBuf extends UnpooledUnsafeDirectByteBuf {
        UnsafeBuf(ByteBufAllocator alloc, int capacity) {
            super(alloc, capacity, Integer.MAX_VALUE);
        }

        @Override
        protected ByteBuffer allocateDirect(int capacity) {
            return take(capacity);
        }

        @Override
        protected void freeDirect(ByteBuffer buffer) {
            give(buffer);
        }
    }

    private static final class SafeBuf extends UnpooledDirectByteBuf {
        SafeBuf(ByteBufAllocator alloc, int capacity) {
            super(alloc, capacity, Integer.MAX_VALUE);
        }

        @Override
        protected ByteBuffer allocateDirect(int capacity) {
            return take(capacity);
        }

        @Override
        protected void freeDirect(ByteBuffer buffer) {
            give(buffer);
        }
    }
}
