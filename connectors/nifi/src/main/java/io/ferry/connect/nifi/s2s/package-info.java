/**
 * The Site-to-Site wire format shared by Ferry's server and client sides: data packets
 * ({@link io.ferry.connect.nifi.s2s.DataPacketReader}, {@link io.ferry.connect.nifi.s2s.DataPacketWriter}) with
 * their CRC32, NiFi's chunked deflate framing used when a port is set to compress, the response codes and the
 * HTTP headers of the HTTP transport.
 */
package io.ferry.connect.nifi.s2s;
