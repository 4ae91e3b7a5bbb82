using PxeHost.Events;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Protocol.Dhcp;
using PxeHost.Storage;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Dhcp;

/// <summary>
/// The real service on loopback with its SQLite lease store: an ACK goes out only for a lease the store
/// has committed. A trigger in <c>leases.db</c> makes every commit fail, as a full disk would.
/// </summary>
public sealed class DhcpServerLeaseStoreTests
{
    private static readonly IPAddress ClientAddress = IPAddress.Parse("127.0.0.100");

    [Fact]
    public async Task No_ack_is_sent_while_the_lease_cannot_be_committed_and_the_retry_is_acked_once_it_is_stored()
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(ClientAddress, 0));
        await using var harness = await LoopbackDhcp.StartAsync(clientPort: ((IPEndPoint)client.LocalEndPoint!).Port);
        harness.ExpectErrors(LogEventIds.Dhcp.SaveFailed, LogEventIds.Storage.LeaseCommitFailed); // the refused commit: the service's "not sent" and the store's "commit failed"
        var server = new IPEndPoint(IPAddress.Loopback, harness.ServerPort);
        var database = Path.Combine(harness.DataDirectory, "leases.db");
        Execute(database, "CREATE TRIGGER refuse BEFORE INSERT ON leases BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");

        await client.SendToAsync(DhcpMessageCodec.ToArray(Renewing(0x0001)), server);
        await Eventually.TrueAsync(() => harness.Logs.WithEventId(LogEventIds.Dhcp.SaveFailed).Any(), "the service reports the lease it could not store");

        // The service logs 1004 instead of sending, on the same path: once it is logged, no ACK can follow.
        var refused = Assert.Single(harness.Logs.WithEventId(LogEventIds.Dhcp.SaveFailed));
        Assert.Contains("52:54:00:00:00:42: lease not stored, Ack not sent", refused.Message, StringComparison.Ordinal);
        Assert.Contains("refused by the test", refused.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Logs.WithEventId(LogEventIds.Dhcp.Replied));
        Assert.Equal(0, client.Available);

        Execute(database, "DROP TRIGGER refuse");
        await client.SendToAsync(DhcpMessageCodec.ToArray(Renewing(0x0002)), server);
        var ack = await ReceiveAsync(client, harness);

        Assert.Equal((DhcpMessageType.Ack, 0x0002u, ClientAddress), (ack.MessageType, ack.TransactionId, ack.YourAddress));
        var stored = await SqliteLeaseStore.ReadExistingAsync(harness.DataDirectory, NullLogger.Instance, CancellationToken.None);
        var lease = Assert.Single(stored);
        Assert.Equal((ClientAddress, "52:54:00:00:00:42", LeaseState.Active), (lease.Address, MacAddressText.Format(lease.Mac), lease.State));
    }

    /// <summary>A REQUEST in RENEWING state (RFC 2131 §4.3.2): ciaddr set, no option 50 and no server identifier, so the ACK is unicast to ciaddr.</summary>
    private static DhcpMessage Renewing(uint transaction) =>
        DhcpCaptures.Request("52:54:00:00:00:42", DhcpMessageType.Request) with { ClientAddress = ClientAddress, TransactionId = transaction };

    private static async Task<DhcpMessage> ReceiveAsync(Socket socket, LoopbackDhcp harness)
    {
        var buffer = new byte[2048];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            Assert.True(DhcpMessageCodec.TryParse(buffer.AsSpan(0, received), out var message, out var error), error.ToString());
            return message!;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no reply within 10 s; the server's log: {string.Join(" | ", harness.Logs.Lines.Select(l => l.Message))}");
            throw;
        }
    }

    private static void Execute(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
