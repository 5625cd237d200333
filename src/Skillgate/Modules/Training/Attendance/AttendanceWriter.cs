using System.Threading.Channels;
using Dapper;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using Skillgate.Modules.Training.Domain;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Training.Attendance;

/// <summary>A check-in or check-out to record, with who asked (for the audit row).</summary>
internal sealed record AttendanceRequest(
    Guid SessionId, Guid EmployeeId, string Kind, string Method, DateTimeOffset At, string? Device, string? Ip, double? Latitude, double? Longitude,
    string? Reason, Guid? KioskId, string? IdempotencyKey, IReadOnlyList<string> ExtraFlags, IReadOnlyList<string> PlaceFlags, bool FromKiosk, Guid? ActorId, string ActorName,
    double? Accuracy = null, string? Client = null, Guid? PaperSheetId = null);

/// <summary>What became of a request: refused (a reason code), already there (also for a repeated idempotency key), or recorded with its flags.</summary>
internal sealed record AttendanceOutcome(string? Refusal, string SessionTitle, DateTimeOffset At, IReadOnlyList<string> Flags, bool AlreadyRecorded);

/// <summary>
/// Records attendance in batches: requests that arrive while a batch is being written wait for the next one, so when many people
/// check in at once, one read of what is known and one insert statement (with its audit rows) serve them all. Each request is answered after its batch commits. Rules as one record at a time:
/// one check-in and one check-out per person and session, one record per idempotency key, flags from <see cref="AttendanceRules"/>.
/// Batches go one after another over one connection kept open: the same server process then has its plans and caches warm,
/// where a pooled connection would be a different, colder one nearly every time under a burst.
/// </summary>
internal sealed class AttendanceWriter(IServiceProvider services, IConfiguration configuration, TimeProvider clock) : BackgroundService
{
    private const int MaxBatch = 500;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private IEntityType? recordType;
    private NpgsqlConnection? connection;

    public async Task<AttendanceOutcome> RecordAsync(AttendanceRequest request, CancellationToken ct)
    {
        var pending = new Pending(request, new TaskCompletionSource<AttendanceOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        await queue.Writer.WriteAsync(pending, ct);
        return await pending.Done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                await WriteAsync(batch, stoppingToken);
            }
            catch (PostgresException e) when (batch.Count > 1 && e.SqlState[..2] is "22" or "23")
            {
                // One request's data broke the statement: write them one by one, so only the culprit gets the error.
                foreach (var one in batch)
                {
                    await WriteOrFailAsync([one], stoppingToken);
                }
            }
            catch (Exception e)
            {
                batch.ForEach(p => p.Done.TrySetException(e));
            }
        }
    }

    private async Task WriteOrFailAsync(List<Pending> batch, CancellationToken ct)
    {
        try
        {
            await WriteAsync(batch, ct);
        }
        catch (Exception e)
        {
            batch.ForEach(p => p.Done.TrySetException(e));
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        while (queue.Reader.TryRead(out var left))
        {
            left.Done.TrySetCanceled(cancellationToken);
        }

        await DropConnectionAsync();
    }

    private async Task DropConnectionAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }
    }

    private async Task WriteAsync(List<Pending> batch, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            // Resolved here, not in the constructor: the data source exists only once the database has started.
            connection ??= await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(ct);
            try
            {
                await WriteAsync(connection, batch, ct);
                return;
            }
            catch (Exception) when (attempt == 1 && connection.FullState is System.Data.ConnectionState.Broken or System.Data.ConnectionState.Closed)
            {
                // The kept connection was lost (the server restarted, or cut it while idle): the batch goes again on a fresh one.
                // Harmless even if the first try committed: the records are then found and answered as already recorded.
                await DropConnectionAsync();
            }
            catch
            {
                // A failed statement may have left the connection broken; the next batch starts on a fresh one.
                await DropConnectionAsync();
                throw;
            }
        }
    }

    private async Task WriteAsync(NpgsqlConnection connection, List<Pending> batch, CancellationToken ct)
    {
        if (recordType is null)
        {
            await using var scope = services.CreateAsyncScope();
            recordType = scope.ServiceProvider.GetRequiredService<TrainingDb>().Model.FindEntityType(typeof(AttendanceRecord))!;
        }

        var sameClientWindow = TimeSpan.FromMinutes(configuration.GetValue("Skillgate:Training:SameClientMinutes", 5));
        var known = await Known.ReadAsync(connection, batch.Select(p => p.Request).ToList(), sameClientWindow, ct);
        var window = new AttendanceRules.Window(
            TimeSpan.FromMinutes(configuration.GetValue("Skillgate:Training:CheckInOpensMinutes", 30)), TimeSpan.FromMinutes(configuration.GetValue("Skillgate:Training:LateAfterMinutes", 10)))
        {
            ClosesAfter = TimeSpan.FromMinutes(configuration.GetValue("Skillgate:Training:CheckInClosesMinutes", 30)),
        };
        
        var now = clock.GetUtcNow();
        var outcomes = new AttendanceOutcome?[batch.Count];
        var inserts = new List<(int Index, AttendanceRecord Record, AttendanceRequest Request)>();
        for (var i = 0; i < batch.Count; i++)
        {
            var r = batch[i].Request;
            var session = known.Sessions[r.SessionId];
            if (r.IdempotencyKey is { } key && !known.Keys.Add(key))
            {
                outcomes[i] = new AttendanceOutcome(null, session.Title, r.At, [], true);
                continue;
            }

            var facts = new AttendanceRules.SessionFacts(session.Status, session.StartsAt, session.EndsAt);
            if (AttendanceRules.Closed(facts, r.FromKiosk))
            {
                outcomes[i] = new AttendanceOutcome("session_not_scheduled", session.Title, r.At, [], false);
                continue;
            }

            if (known.Records.GetValueOrDefault((r.SessionId, r.EmployeeId, r.Kind)) is { } first)
            {
                outcomes[i] = new AttendanceOutcome(null, session.Title, first.At, first.Flags, true);
                continue;
            }

            var shared = r.Method is "qr" or "qr_face" && r.Device is { } device && known.DeviceUsedByOther(r.SessionId, device, r.EmployeeId);
            var sameClient = !shared && r.Method is "qr" or "qr_face" && r.Client is { } client && known.ClientUsedByOther(r.SessionId, client, r.EmployeeId, r.At, sameClientWindow);
            var verdict = AttendanceRules.Judge(
                facts, r.Kind, r.At,
                known.Records.ContainsKey((r.SessionId, r.EmployeeId, "in")), known.Roster.Contains((r.SessionId, r.EmployeeId)), shared,
                sameClient ? [.. r.ExtraFlags, "same_client"] : r.ExtraFlags, r.PlaceFlags, r.FromKiosk, window, r.Method == "instructor");
            if (verdict.Refusal is not null)
            {
                outcomes[i] = new AttendanceOutcome(verdict.Refusal, session.Title, r.At, [], false);
                continue;
            }

            var record = new AttendanceRecord
            {
                Id = Guid.CreateVersion7(now), SessionId = r.SessionId, EmployeeId = r.EmployeeId, Kind = r.Kind, Method = r.Method, At = r.At.ToUniversalTime(),
                RecordedAt = now, RecordedBy = r.ActorName, Device = r.Device, Ip = r.Ip, Latitude = r.Latitude, Longitude = r.Longitude, Reason = r.Reason,
                KioskId = r.KioskId, IdempotencyKey = r.IdempotencyKey, Flags = [.. verdict.Flags], LocationAccuracy = r.Accuracy, Client = r.Client,
                PaperSheetId = r.PaperSheetId,
            };
            inserts.Add((i, record, r));
            known.Records[(r.SessionId, r.EmployeeId, r.Kind)] = new Known.First(record.At, record.Flags);
            if (r.Device is not null)
            {
                known.AddDevice(r.SessionId, r.Device, r.EmployeeId);
            }

            if (r.Client is not null)
            {
                known.AddClient(r.SessionId, r.Client, r.EmployeeId, record.At);
            }

            outcomes[i] = new AttendanceOutcome(null, session.Title, record.At, record.Flags, false);
        }

        var written = await InsertAsync(connection, inserts, now, ct);
        foreach (var (index, record, request) in inserts.Where(x => !written.Contains(x.Record.Id)))
        {
            // Another node recorded the same check-in (or key) first; answer with what is there.
            outcomes[index] = await Known.ExistingAsync(connection, request, known.Sessions[request.SessionId].Title, ct);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(outcomes[i]!);
        }
    }

    /// <summary>The new records and their audit rows in one statement; returns the ids actually inserted.</summary>
    private async Task<HashSet<Guid>> InsertAsync(NpgsqlConnection connection, List<(int Index, AttendanceRecord Record, AttendanceRequest Request)> inserts, DateTimeOffset now, CancellationToken ct)
    {
        if (inserts.Count == 0)
        {
            return [];
        }

        var rows = inserts.Select(x => x.Record).ToList();
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            $$"""
            WITH ins AS (
                INSERT INTO training.attendance (id, session_id, employee_id, kind, method, at, recorded_at, recorded_by, device, kiosk_id, ip, latitude, longitude, reason, idempotency_key, flags,
                                                 location_accuracy, client, paper_sheet_id)
                SELECT r.id, r.session_id, r.employee_id, r.kind, r.method, r.at, @now, r.recorded_by, r.device, r.kiosk_id, r.ip, r.latitude, r.longitude, r.reason, r.key,
                       CASE WHEN r.flags = '' THEN '{}'::text[] ELSE string_to_array(r.flags, ',') END, r.accuracy, r.client, r.sheet
                FROM unnest(@ids, @sessions, @employees, @kinds, @methods, @ats, @recordedBy, @devices, @kiosks, @ips, @latitudes, @longitudes, @reasons, @keys, @flags, @accuracies, @clients, @sheets)
                     AS r(id, session_id, employee_id, kind, method, at, recorded_by, device, kiosk_id, ip, latitude, longitude, reason, key, flags, accuracy, client, sheet)
                ON CONFLICT DO NOTHING
                RETURNING id)
            {{AuditSql.Insert}}
            SELECT a.audit_id, @now, a.actor_id, a.actor_name, 'created', 'attendance', a.entity_id, NULL, a.after::jsonb
            FROM unnest(@auditIds, @ids, @actorIds, @actorNames, @afters) WITH ORDINALITY AS a(audit_id, entity_id, actor_id, actor_name, after, n)
            JOIN ins ON ins.id = a.entity_id
            ORDER BY a.n
            RETURNING entity_id
            """,
            new
            {
                now = now.UtcDateTime,
                ids = rows.Select(r => r.Id).ToArray(),
                sessions = rows.Select(r => r.SessionId).ToArray(),
                employees = rows.Select(r => r.EmployeeId).ToArray(),
                kinds = rows.Select(r => r.Kind).ToArray(),
                methods = rows.Select(r => r.Method).ToArray(),
                ats = rows.Select(r => r.At.UtcDateTime).ToArray(),
                recordedBy = rows.Select(r => r.RecordedBy).ToArray(),
                devices = rows.Select(r => r.Device).ToArray(),
                kiosks = rows.Select(r => r.KioskId).ToArray(),
                ips = rows.Select(r => r.Ip).ToArray(),
                latitudes = rows.Select(r => r.Latitude).ToArray(),
                longitudes = rows.Select(r => r.Longitude).ToArray(),
                reasons = rows.Select(r => r.Reason).ToArray(),
                keys = rows.Select(r => r.IdempotencyKey).ToArray(),
                flags = rows.Select(r => string.Join(',', r.Flags)).ToArray(),
                accuracies = rows.Select(r => r.LocationAccuracy).ToArray(),
                clients = rows.Select(r => r.Client).ToArray(),
                sheets = rows.Select(r => r.PaperSheetId).ToArray(),
                auditIds = rows.Select(_ => Guid.CreateVersion7(now)).ToArray(),
                actorIds = inserts.Select(x => x.Request.ActorId).ToArray(),
                actorNames = inserts.Select(x => x.Request.ActorName).ToArray(),
                afters = rows.Select(r => AuditSnapshot.Json(recordType!, r)).ToArray(),
            }, cancellationToken: ct));
        return [.. ids];
    }

    private sealed record Pending(AttendanceRequest Request, TaskCompletionSource<AttendanceOutcome> Done);
}
