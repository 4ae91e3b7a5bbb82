namespace PxeHost.Tftp;

/// <summary>Netascii encoding (RFC 764, as RFC 1350 §1 requires): LF becomes CR LF and a bare CR becomes CR NUL.</summary>
public static class Netascii
{
    public static byte[] Encode(ReadOnlySpan<byte> source)
    {
        var extra = 0;
        foreach (var b in source)
        {
            if (b is (byte)'\n' or (byte)'\r')
            {
                extra++;
            }
        }

        var encoded = new byte[source.Length + extra];
        var j = 0;
        foreach (var b in source)
        {
            if (b == '\n')
            {
                encoded[j++] = (byte)'\r';
                encoded[j++] = (byte)'\n';
            }
            else if (b == '\r')
            {
                encoded[j++] = (byte)'\r';
                encoded[j++] = 0;
            }
            else
            {
                encoded[j++] = b;
            }
        }

        return encoded;
    }
}
