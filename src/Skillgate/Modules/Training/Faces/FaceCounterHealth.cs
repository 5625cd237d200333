using Skillgate.Platform.Health;

namespace Skillgate.Modules.Training.Faces;

/// <summary>The face counter on the health page: whether the last photo was counted, or why not; a probe counts a blank picture.</summary>
internal sealed class FaceCounterHealth(FaceCounter faces) : IHealthReporter
{
    public async Task<HealthItem> ReportAsync(bool probe, CancellationToken ct)
    {
        if (probe)
        {
            await faces.ProbeAsync(ct);
        }

        var status = faces.Status;
        return new HealthItem("face_counter", status.Working, status.Reason, status.CheckedAt);
    }
}
