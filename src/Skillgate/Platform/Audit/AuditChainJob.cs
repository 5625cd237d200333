using Dapper;
using Npgsql;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Notifications;

namespace Skillgate.Platform.Audit;

/// <summary>
/// Every node runs the sequencer every <c>Skillgate:Audit:SequencerMilliseconds</c> (default 250; only one node chains at a
/// time) and writes its own checkpoints when due; with <c>Skillgate:Audit:CheckpointNotify</c> each checkpoint also goes to the
/// administrators' inboxes, e-mail and the chat robots that relay <c>audit_checkpoint</c>, where the database cannot reach it.
/// </summary>
internal sealed class AuditChainJob(IServiceScopeFactory scopes, IServiceProvider root, IConfiguration configuration) : IBackgroundJob
{
    public string Name => "audit-sequencer";

    public TimeSpan Every => TimeSpan.FromMilliseconds(configuration.GetValue("Skillgate:Audit:SequencerMilliseconds", 250));

    public bool DelayFirst => false;

    public async Task RunOnceAsync(CancellationToken ct)
    {
        // Resolved here, not when constructed: hosted services are built before the database has started.
        var chain = root.GetRequiredService<AuditChain>();
        await chain.SequenceAsync(ct);
        if (await chain.CheckpointAsync(force: false, ct) is { } checkpoint && configuration.GetValue("Skillgate:Audit:CheckpointNotify", false))
        {
            await NotifyAsync(checkpoint, ct);
        }
    }

    private async Task NotifyAsync(AuditCheckpoint checkpoint, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var t = services.GetRequiredService<Texts>();
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenSystemAsync(ct);
        var admins = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM auth.app_user WHERE active AND @role = ANY (roles)", new { role = Roles.Administrator }, cancellationToken: ct))).ToList();
        await services.GetRequiredService<NotificationService>().SendAsync(connection, null, admins, a => a, a => new NotificationService.Outgoing(
            a, "audit_checkpoint", t["audit.checkpoint_title", checkpoint.Seq],
            t["audit.checkpoint_body", checkpoint.Seq, checkpoint.Hash, checkpoint.At.ToString("O"), checkpoint.Node, checkpoint.Mac],
            "/Admin/Audit", $"audit-checkpoint:{checkpoint.Node}:{checkpoint.Seq}"), ct);
    }
}
