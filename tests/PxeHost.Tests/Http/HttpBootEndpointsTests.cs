using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PxeHost.Boot;
using PxeHost.Boot.Policy;
using PxeHost.Events;
using PxeHost.Files;
using PxeHost.Http;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Http;

/// <summary>
/// The HTTP side on a real Kestrel at 127.0.0.1 (port 0): files from the TFTP root with HEAD, Range
/// and ETag, the per-client iPXE script, quick mode's files; and, through TestHost where a raw path
/// can be handed to the endpoints without Kestrel's own normalising, the root's confinement.
/// </summary>
public sealed class HttpBootEndpointsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pxh-http-").FullName;
    private readonly byte[] _content = new byte[1000];

    public HttpBootEndpointsTests()
    {
        new Random(4000).NextBytes(_content);
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Path.Combine(Root, "sub"));
        File.WriteAllBytes(Path.Combine(Root, "sub", "kernel.bin"), _content);
        File.WriteAllText(Path.Combine(_folder, "secret.txt"), "outside the root");
        File.CreateSymbolicLink(Path.Combine(Root, "escape.txt"), Path.Combine(_folder, "secret.txt"));
        File.WriteAllText(Path.Combine(_folder, "vmlinuz"), "the kernel");
        File.WriteAllText(Path.Combine(_folder, "initrd.img"), "the first initrd");
        File.WriteAllText(Path.Combine(_folder, "modules.cpio"), "the second initrd");
    }

    private string Root => Path.Combine(_folder, "root");

    private QuickBoot Quick => new(Path.Combine(_folder, "vmlinuz"), [Path.Combine(_folder, "initrd.img"), Path.Combine(_folder, "modules.cpio")], "console=ttyS0");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Get_serves_the_file_from_the_root_with_an_etag()
    {
        await using var http = await Harness.StartAsync(Root, TestPolicies.Flags());
        using var response = await http.Client.GetAsync(new Uri("/sub/kernel.bin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_content, await response.Content.ReadAsByteArrayAsync());
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
    }

    [Fact]
    public async Task Head_gives_the_length_and_no_body()
    {
        await using var http = await Harness.StartAsync(Root, TestPolicies.Flags());
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri("/sub/kernel.bin", UriKind.Relative));
        using var response = await http.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_content.Length, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Range_gives_exactly_those_bytes_as_partial_content()
    {
        await using var http = await Harness.StartAsync(Root, TestPolicies.Flags());
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/sub/kernel.bin", UriKind.Relative));
        request.Headers.Range = new RangeHeaderValue(10, 19);
        using var response = await http.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(_content[10..20], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("bytes 10-19/1000", response.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task If_none_match_with_the_etag_is_not_modified()
    {
        await using var http = await Harness.StartAsync(Root, TestPolicies.Flags());
        using var first = await http.Client.GetAsync(new Uri("/sub/kernel.bin", UriKind.Relative));
        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri("/sub/kernel.bin", UriKind.Relative));
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var response = await http.Client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Etag_changes_when_the_file_changes()
    {
        await using var http = await Harness.StartAsync(Root, TestPolicies.Flags());
        using var before = await http.Client.GetAsync(new Uri("/sub/kernel.bin", UriKind.Relative));
        File.WriteAllBytes(Path.Combine(Root, "sub", "kernel.bin"), _content[..999]);
        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri("/sub/kernel.bin", UriKind.Relative));
        again.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        using var response = await http.Client.SendAsync(again);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_content[..999], await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/../secret.txt")]
    [InlineData("/sub/../../secret.txt")]
    [InlineData("/sub/..\\..\\secret.txt")]
    [InlineData("/escape.txt")] // a symlink inside the root pointing out of it
    [InlineData("/missing.bin")]
    public async Task Paths_leaving_the_root_are_not_found(string path)
    {
        await using var http = await Harness.StartAsync(Root, TestPolicies.Flags(), testServer: true);
        var context = await http.TestServer!.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = path;
        });

        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
        using var body = new StreamReader(context.Response.Body);
        Assert.DoesNotContain("outside the root", await body.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/../secret.txt")]
    [InlineData("/%2e%2e/secret.txt")]
    [InlineData("/..%2fsecret.txt")]
    [InlineData("/sub/..%5c..%5csecret.txt")]
    public async Task Raw_traversal_requests_over_the_socket_never_get_the_file(string target)
    {
        await using var http = await Harness.StartAsync(Root, TestPolicies.Flags());
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(http.Address.Host, http.Address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Matches("^HTTP/1.1 40[04] ", response);
        Assert.DoesNotContain("outside the root", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_not_found_and_the_log_says_where_it_was_looked_for()
    {
        await using var http = await Harness.StartAsync(Root, TestPolicies.Flags());
        using var response = await http.Client.GetAsync(new Uri("/missing.efi", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await Eventually.TrueAsync(() => http.Logs.WithEventId(4001).Any(), "the request is logged");
        Assert.Contains("not found in root ", Assert.Single(http.Logs.WithEventId(4001)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fifo_in_the_root_is_not_found_at_once_and_the_log_says_why()
    {
        await ChildProgram.RunCheckedAsync("mkfifo", Path.Combine(Root, "pipe"));
        await using var http = await Harness.StartAsync(Root, TestPolicies.Flags());
        using var response = await http.Client.GetAsync(new Uri("/pipe", UriKind.Relative)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await Eventually.TrueAsync(() => http.Logs.WithEventId(4001).Any(), "the request is logged");
        Assert.Contains("not a regular file: a named pipe (FIFO)", Assert.Single(http.Logs.WithEventId(4001)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Range_and_head_work_on_a_file_from_another_source_in_the_chain()
    {
        var system = Path.Combine(_folder, "snponly.efi");
        File.WriteAllBytes(system, _content);
        var files = FileChain.Create(Root, systemFiles: new Dictionary<string, string> { ["snponly.efi"] = system });
        await using var http = await Harness.StartAsync(Root, TestPolicies.Flags(), files: files);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/snponly.efi", UriKind.Relative));
        request.Headers.Range = new RangeHeaderValue(990, null);
        using var response = await http.Client.SendAsync(request);
        using var head = await http.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/snponly.efi", UriKind.Relative)));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(_content[990..], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(_content.Length, head.Content.Headers.ContentLength);
        Assert.NotNull(head.Headers.ETag);
    }

    [Fact]
    public async Task A_file_in_the_root_wins_over_a_system_file_of_the_same_name()
    {
        var system = Path.Combine(_folder, "kernel.bin");
        File.WriteAllText(system, "the system's copy");
        var files = FileChain.Create(Root, systemFiles: new Dictionary<string, string> { ["sub/kernel.bin"] = system });
        await using var http = await Harness.StartAsync(Root, TestPolicies.Flags(), files: files);

        Assert.Equal(_content, await http.Client.GetByteArrayAsync(new Uri("/sub/kernel.bin", UriKind.Relative)));
    }

    [Fact]
    public async Task Quick_mode_script_names_the_address_the_client_reached_and_its_files()
    {
        await using var http = await Harness.StartAsync(Root, TestPolicies.Quick(Quick, 8080));
        using var response = await http.Client.GetAsync(new Uri("/boot/52-54-00-12-34-56.ipxe", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(
            "#!ipxe\n"
            + "echo PxeHost quick boot: ${mac} (${platform} ${buildarch})\n"
            + "kernel http://127.0.0.1:8080/quick/0/vmlinuz initrd=initrd.img initrd=modules.cpio console=ttyS0\n"
            + "initrd --name initrd.img http://127.0.0.1:8080/quick/1/initrd.img\n"
            + "initrd --name modules.cpio http://127.0.0.1:8080/quick/2/modules.cpio\n"
            + "boot\n",
            await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/quick/0/vmlinuz", "the kernel")]
    [InlineData("/quick/1/initrd.img", "the first initrd")]
    [InlineData("/quick/2/modules.cpio", "the second initrd")]
    public async Task Quick_mode_serves_its_files_by_index_and_name(string path, string content)
    {
        await using var http = await Harness.StartAsync(Root, TestPolicies.Quick(Quick));
        Assert.Equal(content, await http.Client.GetStringAsync(new Uri(path, UriKind.Relative)));
    }

    [Theory]
    [InlineData("/quick/1/vmlinuz")]
    [InlineData("/quick/3/vmlinuz")]
    [InlineData("/quick/-1/vmlinuz")]
    public async Task Quick_mode_refuses_a_name_that_is_not_at_that_index(string path)
    {
        await using var http = await Harness.StartAsync(Root, TestPolicies.Quick(Quick));
        using var response = await http.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Script_outside_quick_mode_explains_that_nothing_is_configured()
    {
        await using var http = await Harness.StartAsync(Root, TestPolicies.Flags());
        var script = await http.Client.GetStringAsync(new Uri("/boot/52:54:00:12:34:56.ipxe", UriKind.Relative));
        Assert.StartsWith("#!ipxe\necho PxeHost: nothing to boot for 52-54-00-12-34-56: ", script, StringComparison.Ordinal);
        Assert.EndsWith("exit 1\n", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/boot/not-a-mac.ipxe")]
    [InlineData("/boot/52-54-00-12-34.ipxe")]
    public async Task Script_for_something_that_is_not_a_mac_is_not_found(string path)
    {
        await using var http = await Harness.StartAsync(Root, TestPolicies.Quick(Quick));
        using var response = await http.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>The endpoints on their own WebApplication: a real Kestrel on 127.0.0.1:0, or TestHost.</summary>
    private sealed class Harness : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ILoggerFactory _loggers;
        private readonly CapturingLoggerProvider _logs;

        private Harness(WebApplication app, ILoggerFactory loggers, CapturingLoggerProvider logs, Uri address, TestServer? testServer)
        {
            _app = app;
            _loggers = loggers;
            _logs = logs;
            Address = address;
            TestServer = testServer;
            Client = testServer?.CreateClient() ?? new HttpClient { BaseAddress = address };
        }

        public HttpClient Client { get; }

        public Uri Address { get; }

        public TestServer? TestServer { get; }

        public CapturingLoggerProvider Logs => _logs;

        public static async Task<Harness> StartAsync(string root, IBootPolicy policy, bool testServer = false, FileChain? files = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            if (testServer)
            {
                builder.WebHost.UseTestServer();
            }
            else
            {
                builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            }

            var app = builder.Build();
            var logs = new CapturingLoggerProvider();
            var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            var options = new HttpBootOptions { ListenAddresses = [IPAddress.Loopback] };
            app.MapBootEndpoints(options, files ?? FileChain.Create(root, bootFiles: policy), policy, loggers.CreateLogger("PxeHost.Http"));
            await app.StartAsync();
            if (testServer)
            {
                return new Harness(app, loggers, logs, new Uri("http://localhost/"), app.GetTestServer());
            }

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return new Harness(app, loggers, logs, new Uri(address), null);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
            _loggers.Dispose();

            // Every request is logged (event 4001) with its status; a request that was not is a lost log line.
            Assert.NotEmpty(_logs.WithEventId(LogEventIds.Http.Served));
            Assert.DoesNotContain(_logs.Lines, l => l.Level >= LogLevel.Error);
        }
    }
}
