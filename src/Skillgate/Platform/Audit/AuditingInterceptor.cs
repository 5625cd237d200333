using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Audit;

/// <summary>
/// Adds an <see cref="AuditEvent"/> for every added, modified or deleted <see cref="IAudited"/> entity
/// to the same SaveChanges, so the change and its audit row commit or fail together. The actor is the one of the unit of work
/// the context is leased to (contexts are pooled; this interceptor serves them all).
/// </summary>
internal sealed class AuditingInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        AddAuditRows(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        AddAuditRows(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void AddAuditRows(DbContext? context)
    {
        if (context is not ModuleDb db)
        {
            return;
        }

        var (actorId, actorName) = db.Work.Actor.Current;
        var now = clock.GetUtcNow();
        var rows = new List<AuditEvent>();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.Entity is not IAuditedEntity audited || entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            if (entry.State == EntityState.Modified && !entry.Properties.Any(p => p.IsModified && !IsVersion(p)))
            {
                continue;
            }

            rows.Add(new AuditEvent
            {
                Id = Guid.CreateVersion7(now),
                OccurredAt = now,
                ActorId = actorId,
                ActorName = actorName,
                Action = entry.State switch
                {
                    EntityState.Added => "created",
                    EntityState.Deleted => "deleted",
                    _ => "updated",
                },
                EntityType = audited.AuditEntityName,
                EntityId = audited.Id,
                Before = entry.State == EntityState.Added ? null : Snapshot(entry, original: true),
                After = entry.State == EntityState.Deleted ? null : Snapshot(entry, original: false),
            });
        }

        context.Set<AuditEvent>().AddRange(rows);
    }

    private static bool IsVersion(PropertyEntry p) => p.Metadata.Name == "Version";

    private static string Snapshot(EntityEntry entry, bool original)
    {
        var values = original ? entry.OriginalValues : entry.CurrentValues;
        return AuditSnapshot.Json(entry.Metadata, p => values[p]);
    }
}
