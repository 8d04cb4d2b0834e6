"""The statements of a synthetic article, kind by kind, each in a sentence that quotes it."""

from __future__ import annotations

from typing import Any

from aigraph.synthetic.story import Fact, Story
from aigraph.synthetic.words import (
    EVENT_ROLES,
    MAIN_EVENTS,
    METRICS,
    QUOTES,
    STATUSES,
    SUB_EVENTS,
    josa,
    particle,
)


class Reporter(Story):
    """A story that states facts of every kind: a block of sentences per kind."""

    def event_block(self, n: int) -> None:
        """``n`` event statements: the main event, its hosts, then its sub-events."""
        if n == 0:
            return
        w, r = self.w, self.rng
        main = self.pick("event", local=0)
        self.events.append(main)
        name = w.ko(main)
        when = w.fixed(main, "date", self.date)
        venue = w.fixed(main, "venue", lambda: self.pick(r.choice(("facility", "facility",
                                                                     "place", "org"))))
        topic = w.fixed(main, "topic", lambda: f"{self.field} 산업의 미래와 협력 방안")
        etype = w.entities[main].attrs.get("type") or w.concept("event-type", *MAIN_EVENTS)
        text = (f"{topic}을 주제로 한 '{name}'{particle(name, '이가')} "
                f"{w.ko(venue)}에서 {when['date_text']} 열렸다")
        self.say(text + ".", ("event", {"event": main, "type": etype, **when, "venue": venue,
                                        "topic": topic}, text))
        if n >= 2:
            hosts = w.fixed(main, "hosts", lambda: self.orgs(r.randint(1, 3)))
            organizers = w.fixed(main, "organizers", lambda: self.orgs(r.randint(0, 2), hosts))
            text = f"이 행사는 {josa(self.names(hosts), '이가')} 주최"
            values: dict[str, Any] = {"event": main, "hosted_by": hosts}
            if organizers:
                text += f"하고 {josa(self.names(organizers), '이가')} 주관"
                values["organized_by"] = organizers
            self.say(text + "한다.", ("event", values, text))
        subs = w.fixed(main, "subs", list)
        for i in range(max(0, n - 2)):
            if i < len(subs) and r.random() < 0.8:
                sub = subs[i]
            else:
                stype = w.concept("event-type", *SUB_EVENTS)
                sko, sen = w.label(stype)
                sub = w.add("event", (f"{name} {sko}", f"{w.label(main)[1]} {sen}"),
                            key=f"{main.split('/')[1]}-{sen}", type=stype, parent=main)
                subs.append(sub)
            self.events.append(sub)
            sub_when = w.fixed(sub, "date", lambda: when)
            parent = w.entities[sub].attrs["parent"]
            text = f"{sub_when['date_text']}에는 {josa(w.ko(sub), '이가')} 이어졌다"
            self.say(text + ".", ("event", {"event": sub, "type": w.entities[sub].attrs["type"],
                                            "part_of": parent, **sub_when}, text))

    def participations(self, n: int) -> None:
        w, r = self.w, self.rng
        while n > 0 and self.events:
            event = r.choice(self.events[1:] or self.events)
            role = w.concept("event-role", *r.choices(list(EVENT_ROLES),
                                                      weights=list(EVENT_ROLES.values())))
            parts: list[tuple[str, Fact]] = []
            for _ in range(min(n, r.randint(1, 5))):
                n -= 1
                if r.random() < 0.88:
                    person, org, title = self.person(local=0.15)
                    said = self.titled(person, org, title)
                    values = {"event": event, "agent": person, "role": role, "org": org,
                              "title": title}
                else:
                    agent = self.pick("org")
                    said = f"{w.ko(agent)} 관계자들"
                    values = {"event": event, "agent": agent, "role": role}
                if all(f[1]["agent"] != values["agent"] for _, f in parts):
                    parts.append((said, ("participation", values, said)))
            listed = ", ".join(said for said, _ in parts)
            role_ko = w.ko(role)
            self.say(f"{w.ko(event)}에는 {listed} 등이 {josa(role_ko, '으')}로 함께했다.",
                     *(fact for _, fact in parts))

    def memberships(self, n: int) -> None:
        r = self.rng
        for _ in range(n):
            person, org, role = self.person(local=0.6)
            former = r.random() < 0.08
            said = self.titled(person, org, role, former)
            quote = r.choice(QUOTES).format(f=self.field, rg=josa(self.region, "이가"))
            values: dict[str, Any] = {"person": person, "org": org, "role": role}
            if former:
                values["former"] = True
            self.say(f"{josa(said, '은는')} “{quote}”라고 말했다.",
                     ("membership", values, said))

    def figures(self, n: int) -> None:
        while n > 0:
            target = self.pick("target", local=0.1)
            n -= self.figure(target)

    def figure(self, target: str) -> int:
        """State a value of a target (and of its parts, for a budget); how many statements."""
        w, r = self.w, self.rng
        attrs = w.entities[target].attrs
        kind, metric = attrs["type"], attrs["metric"]
        unit, low, high, form = METRICS.get(metric.split("/")[1], ("개", 1, 500, "{n}개"))
        base = w.fixed(target, "n", lambda: r.randint(low, high))
        value = base if r.random() < 0.8 or "parent" in attrs else round(
            base * r.uniform(1.0, 1.3))
        surface = form.format(n=value)
        approximate = r.random() < 0.15 and not form.startswith("제")
        if approximate:
            surface = "약 " + surface
        values: dict[str, Any] = {"target": target, "type": kind, "metric": metric,
                                  "value": value * (10 ** 8 if unit == "KRW" else 1),
                                  "unit": unit, "surface": surface, "about": attrs["about"]}
        if approximate:
            values["approximate"] = True
        if kind != "statistic":
            values["set_by"] = w.fixed(target, "set_by", lambda: self.pick("org"))
        when = ""
        if w.fixed(target, "period", lambda: r.random() < 0.15 and kind != "statistic"):
            values["period"] = f"{self.year}~{self.year + 4}년"
            when = f"{values['period']} "
        if kind == "goal":
            values["year"] = str(w.fixed(target, "year", lambda: self.year + r.randint(2, 10)))
            values["date_basis"] = "stated"  # the sentence writes the year out
            text = (f"{josa(w.ko(values['set_by']), '은는')} {when}{values['year']}년까지 "
                    f"{w.ko(target)} {josa(surface, '을를')} 목표로 내걸었다")
        elif kind == "budget":
            text = (f"{josa(w.ko(values['set_by']), '은는')} {when}{w.ko(target)}으로 "
                    f"{josa(surface, '을를')} 투입한다")
        else:
            text = f"{josa(w.ko(target), '은는')} {josa(surface, '으')}로 집계됐다"
        self.say(text + ".", ("figure", values, text))
        if kind != "budget" or unit != "KRW" or approximate or value != base or \
                "parent" in attrs:
            return 1
        parts = w.fixed(target, "parts", lambda: self.budget_parts(target) if r.random() < 0.4
                        else [])
        if not parts:
            return 1
        said = []
        facts: list[Fact] = []
        for part, source, amount in parts:
            surface = f"{amount}억원"
            said.append(f"{w.ko(source)} {surface}")
            facts.append(("figure", {"target": part, "type": "budget", "metric": metric,
                                     "value": amount * 10 ** 8, "unit": "KRW",
                                     "surface": surface, "part_of": target,
                                     "funding_source": source}, said[-1]))
        self.say(f"이 가운데 {', '.join(said)}이 각각 들어간다.", *facts)
        return 1 + len(parts)

    def budget_parts(self, budget: str) -> list[tuple[str, str, int]]:
        """The parts of a budget by funding source, adding up to no more than its total."""
        w = self.w
        total = w.entities[budget].attrs["n"]
        parts = []
        left = total
        for source in ("national", "local", "private")[:self.rng.randint(2, 3)]:
            ref = f"funding-source/{source}"
            if ref not in w.concepts or left < 2:
                continue
            amount = max(1, round(left * self.rng.uniform(0.4, 0.7)))
            left -= amount
            ko, en = w.label(ref)
            attrs = {"type": "budget", "metric": w.entities[budget].attrs["metric"],
                     "about": w.entities[budget].attrs["about"], "n": amount,
                     "parent": budget}
            part = w.add("target", (f"{w.ko(budget)} {ko}", f"{w.label(budget)[1]}: {en}"),
                         key=f"{budget.split('/')[1]}-{source}", **attrs)
            parts.append((part, ref, amount))
        return parts

    def agreements(self, n: int) -> None:
        for _ in range(n):
            self.agreement(self.pick("agreement", local=0))

    def agreement(self, agreement: str) -> None:
        w, r = self.w, self.rng
        attrs = w.entities[agreement].attrs
        parties = w.fixed(agreement, "parties", lambda: [
            attrs["first"], *self.orgs(max(1, round(r.gauss(2.6, 0.8))), [attrs["first"]])])
        values: dict[str, Any] = {"agreement": agreement, "parties": parties,
                                  "type": w.fixed(agreement, "type", lambda: w.concept(
                                      "agreement-type", *("mou",) * 6, "agreement"))}
        values["topic"] = w.fixed(agreement, "topic",
                                  lambda: f"{attrs['field']} 산업 육성과 기술 협력")
        where = ""
        signed_at = w.fixed(agreement, "signed_at",
                            lambda: self.events[0] if self.events else None)
        dated = w.fixed(agreement, "date", lambda: self.date() if r.random() < 0.15 or
                        not signed_at else None)
        if dated:
            values.update(dated)
            where = f"{dated['date_text']} "
        if signed_at:
            values["signed_at"] = signed_at
            where += f"{w.ko(signed_at)}에서 "
        text = (f"{josa(self.names(parties), '은는')} {where}{values['topic']}을 위한 "
                f"{w.ko(agreement)}을 맺었다")
        self.say(text + ".", ("agreement", values, text))

    def facilities(self, n: int) -> None:
        w, r = self.w, self.rng
        for _ in range(n):
            facility = self.pick("facility", local=0.2)
            values: dict[str, Any] = {"facility": facility}
            place = w.fixed(facility, "place", lambda: self.pick("place") if r.random() < 0.5
                            else None)
            text = josa(w.ko(facility), "은는")
            if place:
                values["located_in"] = place
                text += f" {w.ko(place)}에 있으며"
            operator = w.fixed(facility, "operator", lambda: self.pick("org")
                               if r.random() < 0.3 else None)
            if operator:
                values["operator"] = operator
                text += f" {josa(w.ko(operator), '이가')} 운영을 맡고,"
            opened = w.fixed(facility, "opened", lambda: self.date() if r.random() < 0.15
                             else None)
            if opened:
                values.update({"opened": opened["date"], "date_text": opened["date_text"],
                               "date_basis": opened["date_basis"]})
                text += f" {opened['date_text']} 문을 열었으며,"
            words, status = r.choice(STATUSES)
            if r.random() < 0.67 or len(values) == 1:
                values.update({"status": status, "status_text": words})
            text += f" 현재 {words} 상태다"
            self.say(text + ".", ("facility", values, text))

    def organizations(self, n: int) -> None:
        for _ in range(n):
            self.organization(self.pick("org", local=0.6))

    def organization(self, org: str) -> None:
        w, r = self.w, self.rng
        values: dict[str, Any] = {"org": org}
        text = josa(w.ko(org), "은는")
        parent = w.fixed(org, "parent", lambda: self.pick("org", [org]) if r.random() < 0.78
                         else None)
        if parent:
            values["parent"] = parent
            text += f" {w.ko(parent)} 산하 기관으로"
        founded = w.fixed(org, "founded", lambda: self.date(False) if r.random() < 0.15
                          else None)
        if founded:
            values.update({"founded": founded["date"], "date_text": founded["date_text"],
                           "date_basis": founded["date_basis"]})
            text += f" {founded['date_text']} 문을 열었고"
            at = w.fixed(org, "founded_at", lambda: self.events[0] if self.events and
                         r.random() < 0.3 else None)
            if at:
                values["founded_at"] = at
                text += f" {w.ko(at)}에서 출범을 알렸으며"
        founders = w.fixed(org, "founders", lambda: self.orgs(r.randint(1, 2), [org])
                           if r.random() < 0.28 else [])
        if founders:
            values["founded_by"] = founders
            text += f" {josa(self.names(founders), '이가')} 함께 세웠으며"
        place = w.fixed(org, "place", lambda: self.pick("place") if r.random() < 0.33
                        else None)
        if place:
            values["located_in"] = place
            text += f" {w.ko(place)}에 자리한"
        text += f" {self.field} 분야 기관이다"
        self.say(text + ".", ("organization", values, text))

    def descriptions(self, n: int) -> None:
        w, r = self.w, self.rng
        for _ in range(n):
            ref = r.choice(self.order) if self.order and r.random() < 0.85 else self.pick("org")
            kind = ref.split("/")[0]
            description = {
                "org": f"{self.field} 분야 기업과 연구기관을 지원해 온 곳",
                "person": f"{self.field} 분야에서 오래 일해 온 전문가",
                "event": f"{self.region}에서 해마다 열리는 {self.field} 행사",
                "facility": f"{self.field} 기업이 함께 쓰는 공동 시설",
            }.get(kind, f"{self.region} {self.field} 산업의 핵심 과제")
            text = f"{josa(w.ko(ref), '은는')} {description}이다"
            self.say(text + ".", ("entity", {"entity": ref, "description": description}, text))
