package dev.casmb.smb.crypto;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AES-GMAC (MS-SMB2 3.1.4.1, NIST SP 800-38D with the message as AAD and no plaintext) of large messages
 * with JCE's own GHASH, whose block loop is the JVM's CLMUL intrinsic. A GMAC is GHASH over the message
 * plus one AES block (the tag mask E_K(J0)); JCE's public API offers it only through GCM's AAD path, which
 * copies the message into growing heap arrays, and {@link LargeGmac}'s ciphertext trick costs two AES
 * passes over the data on top of the GHASH. Measured here (JDK 17): GHASH 5 GB/s, against about 1 GB/s
 * for the GCM route.
 *
 * <p>The class ({@code com.sun.crypto.provider.GHASH}) is internal to java.base: it is reachable only when
 * the JVM runs with {@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED} (our launchers pass
 * it). Without that, or if a JDK's class behaves differently (a known-answer self-test against JCE's GCM
 * runs first), {@link #available()} is false and callers use {@link LargeGmac}.
 */
final class JceGhash {
    private static final Logger log = LoggerFactory.getLogger(JceGhash.class);
    /** The JVM option that makes this path available. */
    static final String JVM_OPTION = "--add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED";
    private static final int BLOCK = 16;
    /** Heap arrays are hashed in slices of this size: each call is short, so the caller gets compiled (and the intrinsic used) early. */
    private static final int SLICE = 16 * 1024;

    private static final MethodHandle NEW;
    private static final MethodHandle UPDATE_ARRAY;
    private static final MethodHandle UPDATE_BUFFER;
    private static final MethodHandle DIGEST;
    private static final String UNAVAILABLE;

    static {
        MethodHandle n = null;
        MethodHandle ua = null;
        MethodHandle ub = null;
        MethodHandle d = null;
        String why = null;
        try {
            Class<?> c = Class.forName("com.sun.crypto.provider.GHASH");
            Constructor<?> k = c.getDeclaredConstructor(byte[].class);
            Method updA = c.getDeclaredMethod("update", byte[].class, int.class, int.class);
            Method updB = c.getDeclaredMethod("update", ByteBuffer.class, int.class);
            Method dig = c.getDeclaredMethod("digest");
            k.setAccessible(true);
            updA.setAccessible(true);
            updB.setAccessible(true);
            dig.setAccessible(true);
            MethodHandles.Lookup l = MethodHandles.lookup();
            n = l.unreflectConstructor(k).asType(MethodType.methodType(Object.class, byte[].class));
            ua = l.unreflect(updA).asType(MethodType.methodType(int.class, Object.class, byte[].class, int.class, int.class));
            ub = l.unreflect(updB).asType(MethodType.methodType(int.class, Object.class, ByteBuffer.class, int.class));
            d = l.unreflect(dig).asType(MethodType.methodType(byte[].class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            why = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        NEW = n;
        UPDATE_ARRAY = ua;
        UPDATE_BUFFER = ub;
        DIGEST = d;
        if (why == null) why = selfTest();
        UNAVAILABLE = why;
        if (why != null) {
            log.info("AES-GMAC of large messages through the GCM route: JCE's GHASH is not usable ({}); run the JVM with {}",
                why, JVM_OPTION);
        }
    }

    private JceGhash() { }

    static boolean available() { return UNAVAILABLE == null; }

    /** Why {@link #available()} is false; null when it is true. */
    static String unavailableReason() { return UNAVAILABLE; }

    /**
     * The AES-GMAC tag of header + body ({@code len} bytes in all) under {@code key}; {@code hashKey} is
     * H = E_K(0^128). Only when {@link #available()}.
     */
    static byte[] gmac(SecretKeySpec key, byte[] hashKey, byte[] nonce, byte[] header, ByteBuffer[] body, int len)
            throws GeneralSecurityException {
        try {
            Object g = NEW.invokeExact(hashKey.clone());
            byte[] carry = new byte[BLOCK];
            int carried = feed(g, ByteBuffer.wrap(header), carry, 0);
            long total = header.length;
            for (ByteBuffer b : body) {
                total += b.remaining();
                carried = feed(g, b.duplicate(), carry, carried);
            }
            if (total != len) throw new GeneralSecurityException("message is " + total + " bytes, not " + len);
            if (carried > 0) {
                Arrays.fill(carry, carried, BLOCK, (byte) 0);
                int n = (int) UPDATE_ARRAY.invokeExact(g, carry, 0, BLOCK);
            }
            // the length block: [bit length of the AAD || bit length of the ciphertext (0)]
            byte[] lengths = ByteBuffer.allocate(BLOCK).putLong((long) len * 8).putLong(0).array();
            int n = (int) UPDATE_ARRAY.invokeExact(g, lengths, 0, BLOCK);
            byte[] s = (byte[]) DIGEST.invokeExact(g);
            byte[] j0 = new byte[BLOCK];
            System.arraycopy(nonce, 0, j0, 0, 12);
            j0[15] = 1;
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, key);
            byte[] mask = ecb.doFinal(j0);
            for (int i = 0; i < BLOCK; i++) s[i] ^= mask[i];
            return s;
        } catch (GeneralSecurityException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new GeneralSecurityException("GHASH failed", t);
        }
    }

    /** Hashes the whole blocks of {@code b} (after completing a carried partial block); returns the bytes carried on. */
    private static int feed(Object g, ByteBuffer b, byte[] carry, int carried) throws Throwable {
        if (carried > 0) {
            int take = Math.min(BLOCK - carried, b.remaining());
            b.get(carry, carried, take);
            carried += take;
            if (carried < BLOCK) return carried;
            int n = (int) UPDATE_ARRAY.invokeExact(g, carry, 0, BLOCK);
            carried = 0;
        }
        int whole = b.remaining() & ~(BLOCK - 1);
        int p = b.position();
        if (b.hasArray()) {
            for (int off = 0; off < whole; off += SLICE) {
                int n = (int) UPDATE_ARRAY.invokeExact(g, b.array(), b.arrayOffset() + p + off, Math.min(SLICE, whole - off));
            }
        } else if (whole > 0) {
            ByteBuffer d = b.duplicate();
            d.limit(p + whole);
            int n = (int) UPDATE_BUFFER.invokeExact(g, d, whole);
        }
        b.position(p + whole);
        int rest = b.remaining();
        if (rest > 0) b.get(carry, 0, rest);
        return rest;
    }

    /** Known answer against JCE's GCM (AAD only), over direct, heap and odd-sized pieces. Null if all agree. */
    private static String selfTest() {
        try {
            byte[] k = new byte[16];
            for (int i = 0; i < 16; i++) k[i] = (byte) (i * 7 + 3);
            SecretKeySpec key = new SecretKeySpec(k, "AES");
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, key);
            byte[] h = ecb.doFinal(new byte[BLOCK]);
            byte[] nonce = new byte[12];
            nonce[3] = 9;
            byte[] header = new byte[64];
            for (int i = 0; i < header.length; i++) header[i] = (byte) i;
            byte[] data = new byte[70_001];
            for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31 + (i >>> 8));
            ByteBuffer direct = ByteBuffer.allocateDirect(40_003);
            direct.put(data, 0, 40_003).flip();
            ByteBuffer[] body = {direct, ByteBuffer.wrap(data, 40_003, 29_998).slice()};
            byte[] got = gmac(key, h, nonce, header, body, 64 + data.length);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            gcm.updateAAD(header);
            gcm.updateAAD(data);
            byte[] want = gcm.doFinal();
            return MessageDigest.isEqual(got, want) ? null : "self-test: GHASH result differs from JCE's GCM";
        } catch (GeneralSecurityException | RuntimeException e) {
            return "self-test: " + e;
        }
    }
}
