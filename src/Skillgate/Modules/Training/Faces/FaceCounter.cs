using System.Diagnostics;
using System.Text.Json;

namespace Skillgate.Modules.Training.Faces;

/// <summary>
/// Counts faces in a photo with Human's face detector, run by Node.js in one long-lived process (faces.mjs) so the models load
/// once. Photos are counted one at a time; when Node or the packages are missing the count is unknown (null) and a warning is
/// logged, so an upload never fails because of the detector.
/// </summary>
internal sealed class FaceCounter(IHostEnvironment environment, IConfiguration configuration, ILogger<FaceCounter> log) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private Process? worker;
    private long nextId;

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

                return answer.Faces;
            }

            throw new InvalidOperationException("the face detector stopped");
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException or JsonException or OperationCanceledException)
        {
            // Whatever went wrong, the worker may hold half a request or answer: start a fresh one next time.
            Stop();
            ct.ThrowIfCancellationRequested();
            log.LogWarning(e, "The face detector is not available; the photo is stored without a face count");
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

    private Process Start()
    {
        var script = Path.Combine(environment.ContentRootPath, "Modules", "Training", "Faces", "faces.mjs");
        var info = new ProcessStartInfo(configuration["Skillgate:Faces:Node"] ?? "node", [script])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = environment.ContentRootPath,
        };
        info.Environment["SKILLGATE_FACE_MIN_CONFIDENCE"] = configuration.GetValue("Skillgate:Faces:MinConfidence", 0.6).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
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

    private sealed record Answer(long? Id, int? Faces, string? Error);
}
