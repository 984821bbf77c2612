package dev.trawl.queryui.session;

import dev.trawl.config.ConfigException;
import dev.trawl.http.Request;
import dev.trawl.queryui.kubeauth.Identity;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An authenticating proxy (oauth2-proxy, an ingress with external auth) names the user in
 * {@code X-Forwarded-User} and {@code X-Forwarded-Groups}; those headers count only on connections
 * from the address ranges it runs in, since anyone else could send them too.
 */
public final class TrustedProxy {
  private record Range(byte[] network, int prefixBits) {
    boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefixBits; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((a[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private final List<Range> ranges;

  private TrustedProxy(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /** @param cidrs comma list such as {@code 10.0.0.0/8,fd00::/8}; an address without a prefix is one host */
  public static TrustedProxy parse(String key, String cidrs) {
    List<Range> ranges = new ArrayList<>();
    for (String part : cidrs.split(",")) {
      String cidr = part.trim();
      if (cidr.isEmpty()) {
        continue;
      }
      int slash = cidr.indexOf('/');
      String host = slash < 0 ? cidr : cidr.substring(0, slash);
      if (!host.matches("[0-9A-Fa-f:.]+")) {
        throw bad(key, cidrs, "'" + cidr + "' is not an address range such as 10.0.0.0/8");
      }
      try {
        byte[] network = InetAddress.getByName(host).getAddress();
        int bits = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
        if (bits < 0 || bits > network.length * 8) {
          throw bad(key, cidrs, "prefix /" + bits + " does not fit " + host);
        }
        ranges.add(new Range(network, bits));
      } catch (UnknownHostException | NumberFormatException e) {
        throw bad(key, cidrs, "'" + cidr + "' is not an address range such as 10.0.0.0/8");
      }
    }
    if (ranges.isEmpty()) {
      throw bad(key, cidrs, "no address range given");
    }
    return new TrustedProxy(ranges);
  }

  private static ConfigException bad(String key, String value, String why) {
    return new ConfigException("config key '" + key + "': '" + value + "': " + why);
  }

  public boolean trusts(InetAddress address) {
    return ranges.stream().anyMatch(r -> r.contains(address));
  }

  /** The user the proxy names, when the request comes from a trusted address and names one. */
  public Optional<Identity> identity(Request request) {
    String user = request.header("x-forwarded-user");
    if (user == null || user.isBlank() || !trusts(request.remote())) {
      return Optional.empty();
    }
    List<String> groups = new ArrayList<>();
    String header = request.header("x-forwarded-groups");
    if (header != null) {
      for (String g : header.split(",")) {
        if (!g.isBlank()) {
          groups.add(g.trim());
        }
      }
    }
    return Optional.of(new Identity(user.trim(), groups, Map.of()));
  }
}
