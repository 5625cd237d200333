using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Admin.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Admin.ApiKeys;

internal sealed class ApiKeyHandler(PlatformDb db, IOrganizationDirectory organization, TimeProvider clock, Texts t)
{
    public Task<List<ApiKeyDto>> ListAsync(CancellationToken ct) =>
        db.Set<ApiKey>().AsNoTracking().OrderByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeyDto(k.Id, k.Name, k.Prefix, k.Scopes, k.OrgUnitId, k.CreatedAt, k.RevokedAt, k.LastUsedAt))
            .ToListAsync(ct);

    public async Task<ApiKeyCreated> CreateAsync(ApiKeyCreate input, Guid createdBy, CancellationToken ct)
    {
        var v = new Validation();
        v.Require("name", input.Name, t["validation.required"]).MaxLength("name", input.Name, 80, t["validation.max_length", 80]);
        if (input.Scopes is null || input.Scopes.Count == 0 || input.Scopes.Any(s => !Permissions.ApiScopes.Contains(s)))
        {
            v.Add("scopes", t["admin.apikey.scopes_invalid", string.Join(", ", Permissions.ApiScopes)]);
        }

        if (input.OrgUnitId is { } unit && !await organization.AllOrgUnitsExistAsync([unit], ct))
        {
            v.Add("orgUnitId", t["org.unit.unknown"]);
        }

        v.ThrowIfInvalid();
        var (secret, prefix) = ApiKeySecret.Generate();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            Name = input.Name.Trim(),
            Prefix = prefix,
            KeyHash = ApiKeySecret.Hash(secret),
            Scopes = [.. input.Scopes!.Distinct()],
            OrgUnitId = input.OrgUnitId,
            CreatedBy = createdBy,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(key);
        await db.SaveChangesAsync(ct);
        return new ApiKeyCreated(new ApiKeyDto(key.Id, key.Name, key.Prefix, key.Scopes, key.OrgUnitId, key.CreatedAt, null, null), secret);
    }

    public async Task RevokeAsync(Guid id, CancellationToken ct)
    {
        var key = await db.Set<ApiKey>().FirstOrDefaultAsync(k => k.Id == id, ct) ?? throw new NotFoundException("api key");
        if (key.RevokedAt is not null)
        {
            throw new RuleViolationException("already_revoked", t["admin.apikey.already_revoked"]);
        }

        key.RevokedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }
}
