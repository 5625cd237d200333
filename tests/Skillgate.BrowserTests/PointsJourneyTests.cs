using System.Globalization;
using FluentAssertions;
using Microsoft.Playwright;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace Skillgate.BrowserTests;

/// <summary>
/// The points article on the demo plant, as its people use it: a welder shares a learning note with a photo from the phone,
/// HR approves it and the points land in the welder's account, the welding head likes it on the course's notes, and the welder
/// spends points in the store while HR approves the request; the welder's threshold certificate prints.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PointsJourneyTests(BrowserApp app)
{
    private const string Note = "浏览器旅程：培训后我在每次焊接前检查保护气流量，本周气孔返工从 4 件降到 1 件。";

    [Fact]
    public async Task A_welder_shares_a_note_hr_approves_it_the_head_likes_it_and_the_points_buy_a_card()
    {
        var phone = await app.NewPageAsync("zh-CN", new ViewportSize { Width = 390, Height = 844 });
        phone.Dialog += (_, dialog) => dialog.AcceptAsync();
        await BrowserApp.LoginAsync(phone, "employee");
        await phone.GotoAsync("/Points");
        var before = int.Parse(await phone.GetByTestId("balance").InnerTextAsync(), CultureInfo.InvariantCulture);

        await phone.GotoAsync("/Points/Notes");
        var form = phone.GetByTestId("note-form");
        await form.Locator("#course").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await form.Locator("#body").FillAsync(Note);
        await form.Locator("#photos").SetInputFilesAsync(new FilePayload { Name = "gas.png", MimeType = "image/png", Buffer = Png() });
        await form.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        var mine = phone.GetByTestId("mine").Locator(".list-group-item", new() { HasText = "浏览器旅程" });
        (await mine.InnerTextAsync()).Should().Contain("待审核");
        (await mine.Locator("img").CountAsync()).Should().Be(1, "the photo went with the note");
        (await phone.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth")).Should().BeLessThanOrEqualTo(1, "the page fits a phone");
        (await phone.Locator("main").InnerTextAsync()).Should().NotMatchRegex(@"\b[a-z]+\.[a-z_]+\b", "no text key shows");
        await Shots.TakeAsync(phone, "points-notes-phone-zh");

        var hr = await app.NewPageAsync("zh-CN");
        hr.Dialog += (_, dialog) => dialog.AcceptAsync();
        await BrowserApp.LoginAsync(hr, "hr");
        await hr.GotoAsync("/Points/Notes/Review");
        var waiting = hr.GetByTestId("waiting").Locator(".list-group-item", new() { HasText = "浏览器旅程" });
        await waiting.Locator("input[name=points]").FillAsync("14");
        await waiting.GetByRole(AriaRole.Button, new() { Name = "通过" }).ClickAsync();
        (await hr.GetByTestId("waiting").Locator(".list-group-item", new() { HasText = "浏览器旅程" }).CountAsync()).Should().Be(0, "an approved note leaves the queue");

        await phone.GotoAsync("/Points/Notes");
        mine = phone.GetByTestId("mine").Locator(".list-group-item", new() { HasText = "浏览器旅程" });
        (await mine.InnerTextAsync()).Should().Contain("已通过").And.Contain("+14");
        var course = await mine.Locator("a").First.GetAttributeAsync("href");
        await phone.GotoAsync("/Points");
        int.Parse(await phone.GetByTestId("balance").InnerTextAsync(), CultureInfo.InvariantCulture).Should().Be(before + 14);

        // The welding head reads the course's notes and likes the new one once.
        var head = await app.NewPageAsync("zh-CN");
        await BrowserApp.LoginAsync(head, "weldhead");
        await head.GotoAsync(course!);
        var card = head.GetByTestId("feed").Locator(".list-group-item", new() { HasText = "浏览器旅程" });
        (await card.GetByTestId("like").InnerTextAsync()).Should().Contain("0 个赞");
        await card.GetByTestId("like").ClickAsync();
        var liked = head.GetByTestId("feed").Locator(".list-group-item", new() { HasText = "浏览器旅程" }).GetByTestId("like");
        try
        {
            await Assertions.Expect(liked).ToContainTextAsync("1 个赞");
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw new InvalidOperationException($"The liked note should stay in the course's feed with one like; the page reads: {await head.Locator("main").InnerTextAsync()}", e);
        }

        // The welder spends 100 of the points on a supermarket card; HR approves the request and the phone shows it.
        await phone.GotoAsync("/Points/Store");
        await phone.GetByTestId("items").Locator(".card", new() { HasText = "超市购物卡 100 元" }).GetByRole(AriaRole.Button, new() { Name = "兑换" }).ClickAsync();
        (await phone.GetByTestId("mine").InnerTextAsync()).Should().Contain("超市购物卡 100 元").And.Contain("待审批");
        (await phone.GetByTestId("store-balance").InnerTextAsync()).Should().Contain((before + 14 - 100).ToString(CultureInfo.InvariantCulture));
        await hr.GotoAsync("/Points/Store/Requests");
        await hr.GetByTestId("requests").Locator("tbody tr", new() { HasText = "超市购物卡 100 元" }).GetByRole(AriaRole.Button, new() { Name = "批准" }).ClickAsync();
        await phone.GotoAsync("/Points/Store");
        (await phone.GetByTestId("mine").InnerTextAsync()).Should().Contain("已批准");

        await phone.GotoAsync("/Points/Certifications");
        await phone.GetByTestId("mine").Locator("a", new() { HasText = "高级设备操作员" }).ClickAsync();
        (await phone.GetByTestId("certificate").InnerTextAsync()).Should().Contain("赵磊").And.Contain("PC-2026-");
    }

    private static byte[] Png()
    {
        using var image = new Image<Rgb24>(24, 24, new Rgb24(30, 120, 200));
        using var buffer = new MemoryStream();
        image.SaveAsPng(buffer);
        return buffer.ToArray();
    }
}
