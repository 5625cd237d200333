using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Skillgate.Tests.Infrastructure;

/// <summary>Runs the built Skillgate.dll as a separate OS process, as an operator would.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public static string AppDll => typeof(Program).Assembly.Location;

    public static Task<(int ExitCode, string Output)> RunCommandAsync(string connectionString, params string[] args) =>
        RunCommandAsync(connectionString, new Dictionary<string, string>(), args);

    /// <summary>A command with extra settings as environment variables (e.g. the data folder whose checkpoints verify-audit reads).</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string connectionString, IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var info = StartInfo(connectionString, args);
        foreach (var (name, value) in settings)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + error);
    }

    /// <summary>
    /// Starts the application: the built one, or <paramref name="appDll"/> (e.g. a published build, run from its own folder as
    /// an operator would), with extra settings as environment variables.
    /// </summary>
    public static AppProcess Start(string connectionString, string? appDll = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var info = StartInfo(connectionString, ["--urls", url], appDll);
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppProcess(process, url);
    }

    public async Task<HttpResponseMessage> WaitHealthyAsync(HttpClient client)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var response = await client.GetAsync(Url + "/health");
                if (response.IsSuccessStatusCode || attempt > 300)
                {
                    return response;
                }
            }
            catch (HttpRequestException) when (attempt < 300 && !_process.HasExited)
            {
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A client of this process signed in through the login form, once the process answers.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = new Uri(Url) };
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        await WaitHealthyAsync(client);
        var response = await SkillgateFactory.PostFormAsync(client, "/Account/Login", new Dictionary<string, string> { ["UserName"] = userName, ["Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"{userName} could not sign in to the started application: {response.StatusCode}");
        }

        return client;
    }

    private static ProcessStartInfo StartInfo(string connectionString, string[] args, string? appDll = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (appDll is not null)
        {
            info.WorkingDirectory = Path.GetDirectoryName(appDll)!;
        }

        info.ArgumentList.Add(appDll ?? AppDll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["ConnectionStrings__Default"] = connectionString.Length == 0 ? "" : TestCluster.AsApp(connectionString);
        info.Environment["ConnectionStrings__Owner"] = connectionString.Length == 0 ? "" : TestCluster.AsOwner(connectionString);
        info.Environment["Skillgate__DataPath"] = Path.Combine(Path.GetTempPath(), "skillgate-proc-" + Guid.NewGuid().ToString("N"));
        info.Environment["Skillgate__AdminPassword"] = SkillgateFactory.AdminPassword;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return info;
    }

    /// <summary>A loopback port nobody listens on right now (for servers a test starts).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A crash: the process dies at once (SIGKILL), leaving whatever it started behind.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>A clean shutdown, as systemd or Ctrl+C asks for one (SIGTERM).</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
