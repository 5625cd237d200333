using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Skillgate.Tests.Infrastructure;

/// <summary>A real SMTP server for the test: Debian's python3-aiosmtpd writing every message it receives into a maildir.</summary>
public sealed partial class SmtpSink : IDisposable
{
    private readonly Process _process;
    private bool _disposed;

    private SmtpSink(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        Folder = folder;
    }

    public int Port { get; }

    public string Folder { get; }

    public static SmtpSink Start()
    {
        var port = AppProcess.FreePort();
        var folder = Path.Combine(Path.GetTempPath(), "skillgate-smtp-" + Guid.NewGuid().ToString("N"));

        // aiosmtpd's Controller returns from start() once the server accepts connections; "ready" tells the test so (no polling).
        var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", Server, port.ToString(System.Globalization.CultureInfo.InvariantCulture), folder])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        }) ?? throw new InvalidOperationException("python3 did not start");
        var ready = process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        return ready == "ready"
            ? new SmtpSink(process, port, folder)
            : throw new InvalidOperationException($"aiosmtpd did not start (apt-get install python3-aiosmtpd): {process.StandardError.ReadToEnd()}");
    }

    private const string Server = """
        import sys
        from aiosmtpd.controller import Controller
        from aiosmtpd.handlers import Mailbox
        controller = Controller(Mailbox(sys.argv[2]), hostname="127.0.0.1", port=int(sys.argv[1]))
        controller.start()
        print("ready", flush=True)
        sys.stdin.read()
        controller.stop()
        """;

    /// <summary>Every message received so far: recipient, decoded subject and decoded body.</summary>
    public IReadOnlyList<(string To, string Subject, string Body)> Messages()
    {
        var dir = Path.Combine(Folder, "new");
        return !Directory.Exists(dir) ? [] : Directory.GetFiles(dir).Order(StringComparer.Ordinal).Select(f => Parse(File.ReadAllText(f))).ToList();
    }

    /// <summary>The files of every message received so far, as the server wrote them (for reading attachments).</summary>
    public IReadOnlyList<string> Files()
    {
        var dir = Path.Combine(Folder, "new");
        return !Directory.Exists(dir) ? [] : [.. Directory.GetFiles(dir).Order(StringComparer.Ordinal)];
    }

    public void Dispose()
    {
        // The web application factory disposes its fixture more than once.
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private static (string To, string Subject, string Body) Parse(string raw)
    {
        var split = raw.IndexOf("\n\n", StringComparison.Ordinal);
        var headers = raw[..split];
        var body = raw[(split + 2)..].Trim();
        if (headers.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase))
        {
            body = Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Split('\n').Select(l => l.Trim()))));
        }

        var subject = string.Concat(EncodedWord().Matches(Header(headers, "Subject")).Select(m => Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[1].Value))));
        return (Header(headers, "To"), subject.Length > 0 ? subject : Header(headers, "Subject"), body);
    }

    private static string Header(string headers, string name) =>
        Regex.Match(headers, $"^{name}: (.*(?:\\n[ \\t].*)*)", RegexOptions.Multiline).Groups[1].Value.Replace("\n", "", StringComparison.Ordinal).Trim();

    [GeneratedRegex(@"=\?utf-8\?B\?([^?]*)\?=", RegexOptions.IgnoreCase)]
    private static partial Regex EncodedWord();
}
