using Microsoft.Playwright;

namespace PxeHost.E2E.Tests.Support;

/// <summary>
/// Debian's chromium, headless, driven by Playwright, started inside a test's network namespace so that
/// it reaches the server there as a person on that network would. Playwright talks to it over a pipe,
/// which <c>ip netns exec</c> keeps (it execs in place). Its own browser downloads are never used.
/// </summary>
public sealed class LabBrowser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly string _launcher;

    private LabBrowser(IPlaywright playwright, IBrowser browser, string launcher)
    {
        _playwright = playwright;
        Browser = browser;
        _launcher = launcher;
    }

    public IBrowser Browser { get; }

    /// <summary>Where screenshots go: artifacts/ui-screenshots beside artifacts/bin, kept after the run.</summary>
    public static string ScreenshotFolder =>
        Directory.CreateDirectory(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "ui-screenshots"))).FullName;

    public static async Task<LabBrowser> LaunchAsync(string networkNamespace)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is not installed (apt-get install chromium)");

        // The one program Playwright starts: chromium itself, entered into the namespace first.
        var launcher = Path.Combine(Directory.CreateTempSubdirectory("pxh-browser-").FullName, "chromium-in-" + networkNamespace);
        await File.WriteAllTextAsync(launcher, $"#!/bin/sh\nexec ip netns exec {networkNamespace} {Chromium} \"$@\"\n");
        File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var playwright = await Playwright.CreateAsync();
        try
        {
            // Tests run as root, where chromium's sandbox cannot start.
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = launcher, Headless = true, Args = ["--no-sandbox"] });
            return new LabBrowser(playwright, browser, launcher);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A page in a fresh context (its own sessionStorage), with or without JavaScript.</summary>
    public async Task<IPage> NewPageAsync(bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = javaScript, ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        return await context.NewPageAsync();
    }

    /// <summary>Saves the whole page as artifacts/ui-screenshots/NAME.png and returns the path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name, Xunit.Abstractions.ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(output);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        Directory.Delete(Path.GetDirectoryName(_launcher)!, recursive: true);
    }
}
