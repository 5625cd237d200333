using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests.Points;

/// <summary>
/// The store under load and in its flow: 100 people redeeming an item of stock 10 at once get exactly 10 reservations; one
/// person redeeming twice at once past their limit gets one; a redemption reserves its points, is approved and fulfilled or
/// rejected with the points and stock back; short balances, other units' items and the wrong approver are refused.
/// </summary>
public sealed class PointsStoreTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_hundred_parallel_redemptions_of_an_item_with_stock_10_give_exactly_10_and_one_person_twice_past_the_limit_gets_one()
    {
        var a = await ActorsAsync("SP");
        var item = await ReadAsync<StoreItemDto>(await a.Hr.PostAsJsonAsync("/api/v1/points/store/items",
            new StoreItemInput("SP-CARD", "超市购物卡 100 元", "shopping_card", 100, 10, null, [], true)), HttpStatusCode.Created);
        var people = new List<(Guid Employee, HttpClient Client)>();
        for (var i = 0; i < 100; i++)
        {
            var employee = await PostIdAsync(a.Admin, "/api/v1/employees", new { employeeNo = $"SP{3000 + i}", name = $"员工{i}", orgUnitId = a.Org.WorkshopA, positionId = a.Org.PositionA, hireDate = "2022-01-01" });
            (await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", new PointsCorrectionInput(employee, 150, "participation", "导入历史积分"))).EnsureSuccessStatusCode();
            people.Add((employee, await EmployeeUserAsync(a, $"SPu{i}", employee)));
        }

        var answers = await Task.WhenAll(people.Select(p => p.Client.PostAsync($"/api/v1/points/store/items/{item.Id}/redemptions", null)));
        answers.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(10);
        answers.Count(r => r.StatusCode == HttpStatusCode.Conflict).Should().Be(90);
        foreach (var refused in answers.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            (await CodeAsync(refused, HttpStatusCode.Conflict)).Should().Be("points_no_stock");
        }

        (await CountAsync($"points.redemption WHERE item_id = '{item.Id}' AND status = 'reserved'")).Should().Be(10);
        (await CountAsync($"points.entry WHERE rule_code = 'store' AND points = -100")).Should().Be(10);
        (await ReadAsync<List<StoreItemDto>>(await a.Hr.GetAsync("/api/v1/points/store/items?all=true"), HttpStatusCode.OK)).Single(i => i.Id == item.Id).Stock.Should().Be(0);
        var balances = new List<(long Sum, long Entries)>();
        foreach (var (employee, _) in people)
        {
            balances.Add(await LedgerAsync(employee));
        }

        balances.Select(b => b.Sum).Should().OnlyContain(b => b == 50 || b == 150).And.HaveCount(100);
        balances.Count(b => b.Sum == 50).Should().Be(10);

        // One person, a limit of one, two requests at once: one reservation.
        var leave = await ReadAsync<StoreItemDto>(await a.Hr.PostAsJsonAsync("/api/v1/points/store/items",
            new StoreItemInput("SP-LEAVE", "带薪休假 4 小时", "paid_leave", 20, 50, 1, [], true)), HttpStatusCode.Created);
        var (who, client) = people[^1];
        var twice = await Task.WhenAll(client.PostAsync($"/api/v1/points/store/items/{leave.Id}/redemptions", null), client.PostAsync($"/api/v1/points/store/items/{leave.Id}/redemptions", null));
        twice.Select(r => r.StatusCode).Should().BeEquivalentTo([HttpStatusCode.Created, HttpStatusCode.Conflict]);
        (await CodeAsync(twice.Single(r => r.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict)).Should().Be("points_limit");
        (await CountAsync($"points.redemption WHERE item_id = '{leave.Id}' AND employee_id = '{who}'")).Should().Be(1);
    }

    [Fact]
    public async Task A_redemption_is_approved_and_fulfilled_or_rejected_with_its_points_back_and_the_wrong_people_are_refused()
    {
        var a = await ActorsAsync("SR");
        var worker = await EmployeeUserAsync(a, "SRworker", a.Org.EmployeeA);
        var other = await EmployeeUserAsync(a, "SRother", a.Org.EmployeeB);
        await App.CreateUserAsync(a.Admin, "SRheadA", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopA]);
        await App.CreateUserAsync(a.Admin, "SRheadB", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopB]);
        var headA = await App.SignInAsync("SRheadA", Password);
        var headB = await App.SignInAsync("SRheadB", Password);
        (await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", new PointsCorrectionInput(a.Org.EmployeeA, 120, "results", "考试补录"))).EnsureSuccessStatusCode();

        (await worker.PostAsJsonAsync("/api/v1/points/store/items", new StoreItemInput("SR-X", "自己上架", "other", 1, 1, null, [], true))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/points/store/items", new StoreItemInput(" ", "体检", "spa_day", 0, -1, 0, [], true))))
            .Should().BeEquivalentTo(["code", "kind", "price", "stock", "perPersonLimit"]);
        (await CountAsync("points.item WHERE code LIKE 'SR-%'")).Should().Be(0, "refused items write nothing");
        var check = await ReadAsync<StoreItemDto>(await a.Hr.PostAsJsonAsync("/api/v1/points/store/items",
            new StoreItemInput("SR-HC", "年度体检", "health_check", 80, 5, 2, [a.Org.WorkshopA], true)), HttpStatusCode.Created);
        var subsidy = await ReadAsync<StoreItemDto>(await a.Hr.PostAsJsonAsync("/api/v1/points/store/items",
            new StoreItemInput("SR-SUB", "技能认证补贴", "certification_subsidy", 500, 5, null, [], true)), HttpStatusCode.Created);

        (await ReadAsync<List<StoreItemDto>>(await other.GetAsync("/api/v1/points/store/items"), HttpStatusCode.OK)).Select(i => i.Code).Should().Contain("SR-SUB").And.NotContain("SR-HC");
        (await other.PostAsync($"/api/v1/points/store/items/{check.Id}/redemptions", null)).StatusCode.Should().Be(HttpStatusCode.NotFound, "the health check is offered to workshop A only");
        var shortfall = await worker.PostAsync($"/api/v1/points/store/items/{subsidy.Id}/redemptions", null);
        (await CodeAsync(shortfall, HttpStatusCode.Conflict)).Should().Be("points_balance");
        (await shortfall.Content.ReadAsStringAsync()).Should().Contain("380 short");

        var reserved = await ReadAsync<RedemptionDto>(await worker.PostAsync($"/api/v1/points/store/items/{check.Id}/redemptions", null), HttpStatusCode.Created);
        reserved.Status.Should().Be("reserved");
        (await LedgerAsync(a.Org.EmployeeA)).Sum.Should().Be(40, "the price is reserved at once");
        (await worker.GetAsync("/api/v1/points/store/redemptions")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await headB.PostAsJsonAsync($"/api/v1/points/store/redemptions/{reserved.Id}/decision", new RedemptionDecision("approve", null))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ErrorFieldsAsync(await headA.PostAsJsonAsync($"/api/v1/points/store/redemptions/{reserved.Id}/decision", new RedemptionDecision("reject", null)))).Should().Equal("note");
        (await CodeAsync(await headA.PostAsJsonAsync($"/api/v1/points/store/redemptions/{reserved.Id}/decision", new RedemptionDecision("fulfil", null)), HttpStatusCode.Conflict))
            .Should().Be("points_redemption_order");
        (await ReadAsync<RedemptionDto>(await headA.PostAsJsonAsync($"/api/v1/points/store/redemptions/{reserved.Id}/decision", new RedemptionDecision("approve", "请到人事部领取体检券")), HttpStatusCode.OK))
            .Status.Should().Be("approved");
        (await ReadAsync<RedemptionDto>(await a.Hr.PostAsJsonAsync($"/api/v1/points/store/redemptions/{reserved.Id}/decision", new RedemptionDecision("fulfil", null)), HttpStatusCode.OK))
            .Should().Match<RedemptionDto>(r => r.Status == "fulfilled" && r.FulfilledAt != null);
        (await CodeAsync(await a.Hr.PostAsJsonAsync($"/api/v1/points/store/redemptions/{reserved.Id}/decision", new RedemptionDecision("reject", "发错了")), HttpStatusCode.Conflict))
            .Should().Be("points_redemption_closed", "a fulfilled redemption stays spent");

        (await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", new PointsCorrectionInput(a.Org.EmployeeA, 80, "growth", "技能应用补录"))).EnsureSuccessStatusCode();
        var second = await ReadAsync<RedemptionDto>(await worker.PostAsync($"/api/v1/points/store/items/{check.Id}/redemptions", null), HttpStatusCode.Created);
        (await LedgerAsync(a.Org.EmployeeA)).Sum.Should().Be(40, "the second of a limit of two is reserved");
        (await CodeAsync(await worker.PostAsync($"/api/v1/points/store/items/{check.Id}/redemptions", null), HttpStatusCode.Conflict)).Should().Be("points_limit");
        (await ReadAsync<RedemptionDto>(await headA.PostAsJsonAsync($"/api/v1/points/store/redemptions/{second.Id}/decision", new RedemptionDecision("reject", "本年度体检名额已满")), HttpStatusCode.OK))
            .Status.Should().Be("rejected");
        (await LedgerAsync(a.Org.EmployeeA)).Sum.Should().Be(120, "a rejection gives the points back");
        (await ReadAsync<List<StoreItemDto>>(await a.Hr.GetAsync("/api/v1/points/store/items?all=true"), HttpStatusCode.OK)).Single(i => i.Id == check.Id).Stock.Should().Be(4);
        (await ReadAsync<List<RedemptionDto>>(await worker.GetAsync("/api/v1/points/store/redemptions/mine"), HttpStatusCode.OK)).Select(r => r.Status).Should().Equal("rejected", "fulfilled");
        (await NotificationsAsync(null, "SRworker")).Should().Be(3, "approved, fulfilled and rejected are each told");

        var zh = await App.SignInAsync("SRworker", Password, "zh-CN");
        var page = await zh.GetStringAsync("/Points/Store");
        page.Should().Contain("积分商城").And.Contain("年度体检").And.Contain("已驳回").And.Contain("已发放").And.Contain("可用积分：120");
        var otherZh = await App.SignInAsync("SRother", Password, "zh-CN");
        (await otherZh.GetStringAsync("/Points/Store")).Should().NotContain("年度体检");
        var requests = await a.Hr.GetStringAsync("/Points/Store/Requests?status=rejected");
        requests.Should().Contain("Redemption requests").And.Contain("SR1001");

        // HR restocks from a form showing 5 while a redemption took one meanwhile: the change adds 5 to what is left (4), it does
        // not overwrite it and hand out the reserved unit again; a change that would go below zero is refused.
        var restock = new StoreItemInput("SR-HC", "年度体检", "health_check", 80, 10, 2, [a.Org.WorkshopA], true, StockSeen: 5);
        (await ReadAsync<StoreItemDto>(await a.Hr.PutAsJsonAsync($"/api/v1/points/store/items/{check.Id}", restock), HttpStatusCode.OK)).Stock.Should().Be(9);
        (await ErrorFieldsAsync(await a.Hr.PutAsJsonAsync($"/api/v1/points/store/items/{check.Id}", restock with { StockSeen = null }))).Should().Equal("stockSeen");
        (await CodeAsync(await a.Hr.PutAsJsonAsync($"/api/v1/points/store/items/{check.Id}", restock with { Stock = 0, StockSeen = 20 }), HttpStatusCode.Conflict))
            .Should().Be("points_stock_changed");
        (await ReadAsync<List<StoreItemDto>>(await a.Hr.GetAsync("/api/v1/points/store/items?all=true"), HttpStatusCode.OK)).Single(i => i.Id == check.Id).Stock.Should().Be(9);
    }
}
