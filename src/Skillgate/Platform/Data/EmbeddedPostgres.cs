using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Skillgate.Platform.Data;

/// <summary>
/// A private PostgreSQL cluster in a folder, run with the machine's PostgreSQL binaries.
/// Initialised on first use, reused afterwards, stopped by <see cref="DisposeAsync"/>.
/// When the process runs as root the server runs as the <c>postgres</c> OS user.
/// The process that started the server is its owner (<c>&lt;cluster&gt;.owner</c> holds its id); a server whose owner died
/// (killed, crashed) is adopted by the next process, which stops it on its clean shutdown. A server whose owner still runs
/// (the application, while an operator runs a command such as <c>verify-audit</c>) is only borrowed.
/// </summary>
internal sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string SuperUser = "postgres";
    private readonly string _clusterDir;
    private readonly string _socketDir;
    private readonly bool _runAsPostgres;
    private bool _startedByUs;

    // Where the running server is reached: its Unix-domain socket when this process finds it, else TCP on loopback.
    private string _host = "127.0.0.1";

    private EmbeddedPostgres(string clusterDir)
    {
        _clusterDir = Path.GetFullPath(clusterDir);
        _socketDir = Path.GetTempPath().TrimEnd(Path.DirectorySeparatorChar);
        _runAsPostgres = Environment.UserName == "root";
    }

    public int Port { get; private set; }

    public string Password { get; private set; } = "";

    /// <summary>The password of <see cref="DatabaseRoles.Owner"/>, kept beside the superuser's.</summary>
    public string OwnerPassword { get; private set; } = "";

    /// <summary>The password of <see cref="DatabaseRoles.App"/>.</summary>
    public string AppPassword { get; private set; } = "";

    /// <summary>The superuser's connection: for creating databases and roles, and nothing the application does.</summary>
    public string ConnectionString(string database) =>
        $"Host={_host};Port={Port.ToString(CultureInfo.InvariantCulture)};Username={SuperUser};Password={Password};Database={database};Include Error Detail=true";

    public string OwnerConnectionString(string database) => DatabaseRoles.As(ConnectionString(database), DatabaseRoles.Owner, OwnerPassword);

    public string AppConnectionString(string database) => DatabaseRoles.As(ConnectionString(database), DatabaseRoles.App, AppPassword);

    public static async Task<EmbeddedPostgres> StartAsync(string clusterDir, CancellationToken ct = default)
    {
        var pg = new EmbeddedPostgres(clusterDir);
        await pg.InitialiseIfMissingAsync(ct);
        await pg.StartOrReuseAsync(ct);
        pg.OwnerPassword = await RolePasswordAsync(pg.OwnerPasswordFile, ct);
        pg.AppPassword = await RolePasswordAsync(pg.AppPasswordFile, ct);
        await DatabaseRoles.EnsureAsync(pg.ConnectionString("postgres"), pg.OwnerPassword, pg.AppPassword, ct);
        return pg;
    }

    private string PasswordFile => _clusterDir + ".password";

    private string OwnerPasswordFile => _clusterDir + ".owner.password";

    private string AppPasswordFile => _clusterDir + ".app.password";

    private static async Task<string> RolePasswordAsync(string file, CancellationToken ct)
    {
        if (File.Exists(file))
        {
            return (await File.ReadAllTextAsync(file, ct)).Trim();
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        await File.WriteAllTextAsync(file, password, ct);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return password;
    }

    private string OwnerFile => _clusterDir + ".owner";

    private async Task InitialiseIfMissingAsync(CancellationToken ct)
    {
        if (File.Exists(Path.Combine(_clusterDir, "PG_VERSION")))
        {
            Password = (await File.ReadAllTextAsync(PasswordFile, ct)).Trim();
            return;
        }

        Directory.CreateDirectory(_clusterDir);
        Password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        await File.WriteAllTextAsync(PasswordFile, Password, ct);
        File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var pwFile = Path.Combine(Path.GetTempPath(), $"skillgate-pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(pwFile, Password, ct);
        try
        {
            if (_runAsPostgres)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", _clusterDir, pwFile], asPostgres: false, ct);
                await EnsureReachableByPostgresAsync(ct);
            }

            await RunAsync(Binary("initdb"),
                ["-D", _clusterDir, "-U", SuperUser, "--pwfile", pwFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"],
                _runAsPostgres, ct);
        }
        finally
        {
            File.Delete(pwFile);
        }
    }

    private async Task EnsureReachableByPostgresAsync(CancellationToken ct)
    {
        try
        {
            await RunAsync("test", ["-w", _clusterDir], asPostgres: true, ct);
        }
        catch (InvalidOperationException)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL server runs as the 'postgres' OS user, which cannot write to '{_clusterDir}'. " +
                "Set Skillgate__DataPath to a folder that user can reach (for example under /var/lib/skillgate or /tmp).");
        }
    }

    private async Task StartOrReuseAsync(CancellationToken ct)
    {
        var running = RunningPort();
        if (running is int port)
        {
            Port = port;
            _host = SocketFolder() ?? _host;
            if (!OwnerIsAlive())
            {
                await BecomeOwnerAsync(ct);
            }

            return;
        }

        Port = FreePort();
        var log = Path.Combine(_clusterDir, "server.log");
        var options = $"-p {Port.ToString(CultureInfo.InvariantCulture)} -c listen_addresses=127.0.0.1 -k {_socketDir} -c max_connections=200 -c shared_buffers=128MB -c fsync=on";
        await RunAsync(Binary("pg_ctl"), ["start", "-D", _clusterDir, "-w", "-t", "60", "-l", log, "-o", options], _runAsPostgres, ct);
        _host = SocketFolder() ?? _host;
        await BecomeOwnerAsync(ct);
    }

    /// <summary>
    /// The folder of the running server's socket, as the server wrote it in postmaster.pid — a server reused from another
    /// process (an operator's command, a restart after a crash) may have a temp folder other than ours — if the socket is there.
    /// </summary>
    private string? SocketFolder()
    {
        var lines = File.ReadAllLines(Path.Combine(_clusterDir, "postmaster.pid"));
        var folder = lines.Length > 4 ? lines[4].Trim() : "";
        return folder.Length > 0 && File.Exists(Path.Combine(folder, ".s.PGSQL." + Port.ToString(CultureInfo.InvariantCulture))) ? folder : null;
    }

    private async Task BecomeOwnerAsync(CancellationToken ct)
    {
        await File.WriteAllTextAsync(OwnerFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), ct);
        _startedByUs = true;
    }

    private bool OwnerIsAlive()
    {
        if (!File.Exists(OwnerFile) || !int.TryParse(File.ReadAllText(OwnerFile).Trim(), CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The port of a server already running on this cluster (e.g. left by a crashed process).</summary>
    private int? RunningPort()
    {
        var pidFile = Path.Combine(_clusterDir, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        var lines = File.ReadAllLines(pidFile);
        if (lines.Length < 4 || !int.TryParse(lines[0], CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return null;
            }
        }
        catch (ArgumentException)
        {
            return null;
        }

        return int.Parse(lines[3], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (_startedByUs)
        {
            _startedByUs = false;
            await RunAsync(Binary("pg_ctl"), ["stop", "-D", _clusterDir, "-m", "fast", "-w"], _runAsPostgres, CancellationToken.None);
            File.Delete(OwnerFile);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A PostgreSQL program of the newest version installed (pg_dump, pg_restore, initdb …).</summary>
    internal static string Binary(string name)
    {
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        foreach (var dir in versions.OrderDescending(StringComparer.Ordinal))
        {
            var candidate = Path.Combine(dir, "bin", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return name;
    }

    private static async Task RunAsync(string file, string[] args, bool asPostgres, CancellationToken ct)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}
