using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Completions;

/// <summary>Certificates: the holder's own, those in a trainer's scope, and the public verification by number.</summary>
internal sealed class CertificateQueries(LearningDb db, IOrganizationDirectory organization, CurrentUser me, TimeProvider clock)
{
    public async Task<IReadOnlyList<CertificateDto>> ForEmployeeAsync(Guid employeeId, CancellationToken ct) =>
        await ReadAsync(db.Set<Certificate>().Where(c => c.EmployeeId == employeeId), ct);

    /// <summary>The holder sees their certificate; others need the learning read permission and the employee in their scope.</summary>
    public async Task<CertificateDto> GetAsync(Guid id, bool canReadOthers, CancellationToken ct)
    {
        var certificate = (await ReadAsync(db.Set<Certificate>().Where(c => c.Id == id), ct)).FirstOrDefault() ?? throw new NotFoundException("certificate");
        if (certificate.EmployeeId != me.EmployeeId && !(canReadOthers && await organization.EmployeeVisibleAsync(certificate.EmployeeId, ct)))
        {
            throw new NotFoundException("certificate");
        }

        return certificate;
    }

    /// <summary>
    /// Public: genuine when the number exists; current when it is neither revoked nor past its validity. Whoever holds the
    /// number may read this one certificate, whatever their scope.
    /// </summary>
    public async Task<CertificateVerification> VerifyAsync(string? number, CancellationToken ct)
    {
        using var capability = SqlScope.AsSystem();
        if (!CertificateNumber.LooksValid(number))
        {
            return new CertificateVerification(false, false, null, null, null, null, null, false);
        }

        var found = await (from x in db.Set<Certificate>().AsNoTracking()
                           join course in db.Set<Course>() on x.CourseId equals course.Id
                           where x.Number == number
                           select new { Certificate = x, course.Title }).FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return new CertificateVerification(false, false, null, null, null, null, null, false);
        }

        var c = found.Certificate;
        var name = (await EmployeeLookup.NamesAsync(db, [c.EmployeeId], ct)).GetValueOrDefault(c.EmployeeId, "?");
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var revoked = c.RevokedAt is not null;
        var current = !revoked && (c.ValidUntil is null || c.ValidUntil >= today);
        return new CertificateVerification(
            !revoked, current, c.Number, MaskName(name), found.Title, c.IssuedOn, c.ValidUntil, revoked, c.RevokedAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : null);
    }

    /// <summary>The public page shows only the family name and the initial of the given name (张*), enough to match the holder.</summary>
    internal static string MaskName(string name) => name.Length <= 1 ? name : name[0] + new string('*', name.Length - 1);

    private async Task<List<CertificateDto>> ReadAsync(IQueryable<Certificate> certificates, CancellationToken ct)
    {
        var rows = await (from c in certificates.AsNoTracking()
                          join course in db.Set<Course>() on c.CourseId equals course.Id
                          orderby c.IssuedOn descending
                          select new { c, course.Title }).ToListAsync(ct);
        var names = await EmployeeLookup.NamesAsync(db, rows.Select(r => r.c.EmployeeId), ct);
        return rows.Select(r => new CertificateDto(
            r.c.Id, r.c.Number, r.c.CourseId, r.Title, r.c.EmployeeId, names.GetValueOrDefault(r.c.EmployeeId, "?"), r.c.IssuedOn, r.c.ValidUntil, r.c.RevokedAt is not null)).ToList();
    }
}
