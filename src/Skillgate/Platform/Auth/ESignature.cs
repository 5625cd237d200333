using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Platform.Auth;

/// <summary>An electronic signature: the signer re-entered their password and stated what the signature means.</summary>
internal sealed class ESignature : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid UserId { get; init; }

    public required string Meaning { get; init; }

    public required string EntityType { get; init; }

    public Guid EntityId { get; init; }

    public DateTimeOffset SignedAt { get; init; }

    public string AuditEntityName => "e_signature";
}

internal sealed class ESignatureConfiguration : IEntityTypeConfiguration<ESignature>
{
    public void Configure(EntityTypeBuilder<ESignature> builder) => builder.ToTable("e_signature", "platform");
}

/// <summary>Signs approvals that matter (standard release, overrides): password re-entered, meaning stated.</summary>
internal sealed class ESignatureService(PlatformDb db, AccountService accounts, CurrentUser me, TimeProvider clock, Texts t)
{
    public const int MaxMeaningLength = 200;

    /// <summary>Adds the signature to the unit of work; the caller's SaveChanges commits it with the signed change.</summary>
    public async Task<ESignature> SignAsync(string? password, string? meaning, string entityType, Guid entityId, CancellationToken ct)
    {
        var v = new Validation();
        v.Require("password", password, t["signature.password_required"]);
        v.Require("meaning", meaning, t["signature.meaning_required"]).MaxLength("meaning", meaning, MaxMeaningLength, t["validation.max_length", MaxMeaningLength]);
        v.ThrowIfInvalid();
        var userId = me.UserId ?? throw new RuleViolationException("signature_needs_person", t["signature.needs_person"]);
        var user = await db.Set<AppUser>().AsNoTracking().FirstAsync(u => u.Id == userId, ct);
        if (!accounts.Verify(user, password!))
        {
            throw new RuleViolationException("signature_invalid", t["signature.invalid"]);
        }

        var signature = new ESignature
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Meaning = meaning!.Trim(),
            EntityType = entityType,
            EntityId = entityId,
            SignedAt = clock.GetUtcNow(),
        };
        db.Add(signature);
        return signature;
    }
}
