using Dapper;
using Npgsql;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Competence.Qualifications;

/// <summary>
/// Folds the appended changes of the per-unit standing counts into the counts (migration 0042), every few seconds, one node at a
/// time. Readers add what is not folded yet, so this keeps their reads short, not exact.
/// </summary>
internal sealed class StandingFoldJob(IServiceProvider root, IConfiguration configuration) : IBackgroundJob
{
    public string Name => "standing-fold";

    public TimeSpan Every => TimeSpan.FromSeconds(configuration.GetValue("Skillgate:Competence:StandingFoldSeconds", 5));

    public bool DelayFirst => false;

    public async Task RunOnceAsync(CancellationToken ct)
    {
        // Resolved here, not when constructed: hosted services are built before the database has started.
        await using var connection = await root.GetRequiredService<NpgsqlDataSource>().OpenSystemAsync(ct);
        await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT competence.fold_standing()", cancellationToken: ct));
    }
}
