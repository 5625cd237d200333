using System.Diagnostics;
using System.Net.Sockets;
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
        var port = FreePort();
        var folder = Path.Combine(Path.GetTempPath(), "skillgate-smtp-" + Guid.NewGuid().ToString("N"));
        var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", folder])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("python3 -m aiosmtpd did not start (apt-get install python3-aiosmtpd)");
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient("127.0.0.1", port);
                return new SmtpSink(process, port, folder);
            }
            catch (SocketException) when (!process.HasExited)
            {
                Thread.Sleep(100);
            }
        }

        throw new InvalidOperationException($"aiosmtpd did not listen: {process.StandardError.ReadToEnd()}");
    }

    /// <summary>Every message received so far: recipient, decoded subject and decoded body.</summary>
    public IReadOnlyList<(string To, string Subject, string Body)> Messages()
    {
        var dir = Path.Combine(Folder, "new");
        return !Directory.Exists(dir) ? [] : Directory.GetFiles(dir).Order(StringComparer.Ordinal).Select(f => Parse(File.ReadAllText(f))).ToList();
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

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"=\?utf-8\?B\?([^?]*)\?=", RegexOptions.IgnoreCase)]
    private static partial Regex EncodedWord();
}
