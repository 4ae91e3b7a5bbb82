using System.Net;
using System.Text;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Tests.Support;

/// <summary>Asserts on DHCP replies with the expected option bytes written out, not rebuilt with the server's own helpers.</summary>
public static class DhcpAssert
{
    public static byte[] Address(string text) => IPAddress.Parse(text).GetAddressBytes();

    public static byte[] Text(string text) => Encoding.ASCII.GetBytes(text);

    public static byte[] Seconds(uint seconds) => [(byte)(seconds >> 24), (byte)(seconds >> 16), (byte)(seconds >> 8), (byte)seconds];

    /// <summary>The reply carries exactly these options (any order), each with exactly these bytes.</summary>
    public static void Options(DhcpMessage reply, params (DhcpOptionCode Code, byte[] Value)[] expected)
    {
        ArgumentNullException.ThrowIfNull(reply);
        Assert.Equal(
            expected.OrderBy(e => e.Code).Select(e => $"{e.Code}={Convert.ToHexString(e.Value)}"),
            reply.Options.OrderBy(o => o.Code).Select(o => $"{o.Code}={Convert.ToHexString(o.Value.Span)}"));
    }

    public static void Lacks(DhcpMessage reply, params DhcpOptionCode[] codes)
    {
        ArgumentNullException.ThrowIfNull(reply);
        foreach (var code in codes)
        {
            Assert.False(reply.HasOption(code), $"the reply carries option {code} ({(byte)code})");
        }
    }

    /// <summary>The reply copies what RFC 2131 table 3 says to copy: xid, chaddr, flags, giaddr.</summary>
    public static void AnswersTo(DhcpMessage request, DhcpMessage reply)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reply);
        Assert.Equal(DhcpOpcode.BootReply, reply.Opcode);
        Assert.Equal(request.TransactionId, reply.TransactionId);
        Assert.Equal(request.ClientHardwareAddress.ToArray(), reply.ClientHardwareAddress.ToArray());
        Assert.Equal(request.GatewayAddress, reply.GatewayAddress);

        // Whatever the server built must also survive its own codec.
        Assert.True(DhcpMessageCodec.TryParse(DhcpMessageCodec.ToArray(reply), out var again, out var error), error.ToString());
        Assert.Equal(reply, again);
    }
}
