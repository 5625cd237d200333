using System.Diagnostics;
using System.Text.Json;

namespace Skillgate.Modules.Training.Faces;

/// <summary>
/// Counts faces in a photo with Human's face detector, run by Node.js in one long-lived process (faces.mjs) so the models load
/// once. Photos are counted one at a time; when Node, the script or its packages are missing the count is unknown (null), the
/// photo shows "not counted", and <see cref="Status"/> says why for the administrator's health page — an upload never fails
/// because of the detector, and the detector never fails silently.
/// </summary>
internal sealed class FaceCounter(IHostEnvironment environment, IConfiguration configuration, TimeProvider clock, ILogger<FaceCounter> log) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private Process? worker;
    private long nextId;
    private volatile string? lastError;

    /// <summary>Whether the last count worked (null: nothing counted since the start), and why not when it did not.</summary>
    public FaceCounterStatus Status { get; private set; } = new(null, null, null);

    /// <summary>Counts the faces of a blank picture, so the health page can tell whether the detector works now.</summary>
    public Task<int?> ProbeAsync(CancellationToken ct) => CountAsync(Convert.FromBase64String(BlankPng), ct);

    public async Task<int?> CountAsync(byte[] photo, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            var process = worker is { HasExited: false } ? worker : worker = Start();
            var id = ++nextId;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(configuration.GetValue("Skillgate:Faces:TimeoutSeconds", 60)));
            await process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new { id, data = Convert.ToBase64String(photo) }).AsMemory(), timeout.Token);
            await process.StandardInput.FlushAsync(timeout.Token);
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                var answer = JsonSerializer.Deserialize<Answer>(line, JsonSerializerOptions.Web);
                if (answer?.Id != id)
                {
                    continue;
                }

                if (answer.Error is not null)
                {
                    log.LogInformation("No face count for a photo: {Error}", answer.Error);
                }

                Status = new FaceCounterStatus(true, null, clock.GetUtcNow());
                return answer.Faces;
            }

            throw new InvalidOperationException("the face detector stopped" + (lastError is { } error ? ": " + error : ""));
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException or JsonException or OperationCanceledException)
        {
            // Whatever went wrong, the worker may hold half a request or answer: start a fresh one next time.
            Stop();
            ct.ThrowIfCancellationRequested();
            Status = new FaceCounterStatus(false, e.Message, clock.GetUtcNow());
            log.LogError(e, "The face detector is not available; the photo is stored without a face count");
            return null;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        Stop();
        gate.Dispose();
    }

    /// <summary>faces.mjs under the content root (the source tree, or a published build run from its folder) or beside the application.</summary>
    private string Script() =>
        new[] { environment.ContentRootPath, AppContext.BaseDirectory }
            .Select(root => Path.Combine(root, "Modules", "Training", "Faces", "faces.mjs"))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"faces.mjs is missing under {AppContext.BaseDirectory} and {environment.ContentRootPath}");

    private Process Start()
    {
        var script = Script();
        lastError = null;
        var info = new ProcessStartInfo(configuration["Skillgate:Faces:Node"] ?? "node", [script])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        info.Environment["SKILLGATE_FACE_MIN_CONFIDENCE"] = configuration.GetValue("Skillgate:Faces:MinConfidence", 0.6).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                // Node prints the cause of a failed start (e.g. "Error: Cannot find module …") on one of its lines; keep the telling one.
                if (lastError is null || e.Data.Contains("Error", StringComparison.Ordinal))
                {
                    lastError = e.Data.Trim();
                }

                log.LogWarning("faces.mjs: {Line}", e.Data);
            }
        };
        process.BeginErrorReadLine();
        return process;
    }

    private void Stop()
    {
        try
        {
            if (worker is { HasExited: false })
            {
                worker.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited on its own in the meantime.
        }

        worker?.Dispose();
        worker = null;
    }

    private const string BlankPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC";

    private sealed record Answer(long? Id, int? Faces, string? Error);
}

/// <summary>Working: true, false (Reason says why) or null (not tried yet); CheckedAt: when it was last used.</summary>
internal sealed record FaceCounterStatus(bool? Working, string? Reason, DateTimeOffset? CheckedAt);
