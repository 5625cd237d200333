using Microsoft.AspNetCore.Mvc;
using Skillgate.Platform.Notifications;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Account;

/// <summary>The signed-in user's in-app inbox (reminders of expiring qualifications, later workflow tasks).</summary>
internal sealed class NotificationsModel(NotificationService notifications) : SkillgatePage
{
    public IReadOnlyList<NotificationDto> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await notifications.MineAsync(200, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await notifications.MarkAllReadAsync(ct);
        return Redirect("/Account/Notifications");
    }
}
