// Generated from the API's OpenAPI document by `npm run api-types`; do not edit by hand.
// A test fails when this file and the server's schemas differ.

export interface ApiErrorBody {
  error: { id: string; message: string; details?: Record<string, unknown> };
}

export interface Endpoints {
  "DELETE /api/archive/saved-searches/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "DELETE /api/auth/sessions/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "DELETE /api/events/{id}/rsvp": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      event: {
        id: string;
        communityId: string;
        title: string;
        description: string;
        startsAt: string;
        endsAt: string;
        timeZone: string;
        place: string | null;
        onlineUrl: string | null;
        capacity: number | null;
        status: "scheduled" | "cancelled";
        going: number;
        waitlist: number;
        attended: number;
        mine: "going" | "waitlist" | null;
        waitlistPosition: number | null;
        canOrganize: boolean;
      };
    };
  };
  "DELETE /api/goals/{id}/shares/{clinicianId}": {
    params: { id: string; clinicianId: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "DELETE /api/join-links/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "DELETE /api/moderation/claims/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "DELETE /api/moderation/rules/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "DELETE /api/moderation/unreliable-domains/{domain}": {
    params: { domain: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "DELETE /api/org/scim-tokens/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "DELETE /api/org/sso": {
    params: never;
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "DELETE /api/posts/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "DELETE /api/publisher/channels/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "DELETE /api/publisher/templates/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "DELETE /api/screening/instruments/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "DELETE /api/screening/results/{id}/shares/{clinicianId}": {
    params: { id: string; clinicianId: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "DELETE /api/security/break-glass/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "DELETE /api/security/passkeys/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "GET /api/archive/certificates": {
    params: never;
    query: never;
    body: never;
    response: {
      certificates: Array<{
        id: string;
        reason: string;
        entries: number;
        records: number;
        rules: Array<unknown>;
        manifestSha256: string;
        signature: string;
        at: string;
      }>;
    };
  };
  "GET /api/archive/certificates/{id}/verify": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      valid: boolean;
    };
  };
  "GET /api/archive/disposition/preview": {
    params: never;
    query: never;
    body: never;
    response: {
      records: number;
      heldRecords: number;
      breakdown: Array<{
        recordClass: string;
        jurisdiction: string;
        years: number;
        records: number;
        heldRecords: number;
      }>;
      rules: Array<{
        recordClass: string;
        ruleId: string;
        years: number;
        jurisdiction: string;
        basis: string;
        floor?: string;
      }>;
    };
  };
  "GET /api/archive/dispositions": {
    params: never;
    query: never;
    body: never;
    response: {
      requests: Array<{
        id: string;
        status: "pending" | "approved" | "executed" | "cancelled";
        asOf: string;
        requestedBy: string;
        requestedById: string | null;
        approvalsRequired: number;
        approvers: Array<{
          id: string;
          name: string;
        }>;
        runsAfter: string | null;
        certificateId: string | null;
        preview: {
          records: number;
          heldRecords: number;
          breakdown: Array<{
            recordClass: string;
            jurisdiction: string;
            years: number;
            records: number;
            heldRecords: number;
          }>;
          rules: Array<{
            recordClass: string;
            ruleId: string;
            years: number;
            jurisdiction: string;
            basis: string;
            floor?: string;
          }>;
        };
        result: {
          records: number;
          entries: number;
          heldRecords: number;
        } | null;
        createdAt: string;
      }>;
      delayHours: number;
      me: string;
    };
  };
  "GET /api/archive/holds": {
    params: never;
    query: never;
    body: never;
    response: {
      holds: Array<{
        id: string;
        org_id: string;
        name: string;
        reason: string;
        custodian_ids: Array<string>;
        channels: Array<string>;
        keywords: Array<string>;
        date_from: string | null;
        date_to: string | null;
        created_by: string;
        created_at: string;
        released_at: string | null;
        released_by: string | null;
        saved_search_id: string | null;
        custodians: Array<string>;
        matching: number | null;
      }>;
    };
  };
  "GET /api/archive/productions": {
    params: never;
    query: never;
    body: never;
    response: {
      productions: Array<{
        id: string;
        name: string;
        batesPrefix: string;
        batesStart: number;
        sha256: string;
        documents: number;
        withheld: number;
        by: string | null;
        at: string;
        query: Record<string, unknown>;
      }>;
    };
  };
  "GET /api/archive/productions/{id}/custody": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      events: Array<{
        action: string;
        sha256: string | null;
        by: string | null;
        at: string;
      }>;
    };
  };
  "GET /api/archive/productions/{id}/download": {
    params: { id: string };
    query: never;
    body: never;
    response: unknown;
  };
  "GET /api/archive/records/{kind}/{id}": {
    params: { kind: string; id: string };
    query: never;
    body: never;
    response: {
      custodian: string | null;
      recordClass: string;
      channel: string;
      versions: Array<{
        seq: number;
        event: string;
        version: number;
        at: string;
        content: Record<string, unknown> | null;
        destroyedAt: string | null;
        contentHash: string;
        hash: string;
        proof: {
          seq: number;
          prevHash: string;
          hash: string;
          contentMatches: boolean | null;
          linkValid: boolean;
          linkedByNext: boolean | null;
        };
      }>;
      distribution: Array<{
        kind: string;
        destination: string;
        externalId: string | null;
        audience: Record<string, unknown>;
        at: string;
      }>;
    };
  };
  "GET /api/archive/review-sets": {
    params: never;
    query: never;
    body: never;
    response: {
      sets: Array<{
        id: string;
        name: string;
        documents: number;
        query: Record<string, unknown>;
        at: string;
        reviewed: number;
        tags: Record<string, number>;
        reviewers: Array<{
          id: string | null;
          name: string | null;
          documents: number;
          reviewed: number;
        }>;
      }>;
    };
  };
  "GET /api/archive/review-sets/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      id: string;
      name: string;
      documents: number;
      query: Record<string, unknown>;
      at: string;
      reviewed: number;
      tags: Record<string, number>;
      reviewers: Array<{
        id: string | null;
        name: string | null;
        documents: number;
        reviewed: number;
      }>;
    };
  };
  "GET /api/archive/review-sets/{id}/items": {
    params: { id: string };
    query: { mine?: "true" | "false"; tag?: "responsive" | "non_responsive" | "privileged" | "confidential"; unreviewed?: "true" | "false"; offset?: number; limit?: number };
    body: never;
    response: {
      total: number;
      items: Array<{
        position: number;
        tags: Array<string>;
        note: string;
        reviewedAt: string | null;
        assignee: string | null;
        recordKind: string;
        recordId: string;
        version: number;
        channel: string;
        at: string;
        custodian: string | null;
        text: string | null;
      }>;
    };
  };
  "GET /api/archive/rules": {
    params: never;
    query: never;
    body: never;
    response: {
      rules: Array<{
        id: string;
        record_class: string;
        jurisdiction: string;
        years: number;
        basis: string;
        created_at: string;
        effectiveFrom: string;
        retiredAt: string | null;
        version: number;
      }>;
      floors: Array<{
        id: string | null;
        recordClass: string;
        jurisdiction: string;
        years: number;
        basis: string;
        builtIn: boolean;
      }>;
    };
  };
  "GET /api/archive/saved-searches": {
    params: never;
    query: never;
    body: never;
    response: {
      searches: Array<{
        id: string;
        name: string;
        query: Record<string, unknown>;
        by: string | null;
        at: string;
      }>;
    };
  };
  "GET /api/archive/search": {
    params: never;
    query: { custodianId?: string; from?: unknown; to?: unknown; keyword?: string; recordKind?: string; channel?: string; limit?: number; offset?: number };
    body: never;
    response: {
      total: number;
      more: boolean;
      facets: {
        custodians: Array<{
          value: string | null;
          label: string | null;
          count: number;
        }>;
        channels: Array<{
          value: string | null;
          label: string | null;
          count: number;
        }>;
        kinds: Array<{
          value: string | null;
          label: string | null;
          count: number;
        }>;
      };
      entries: Array<{
        seq: number;
        recordKind: string;
        recordId: string;
        recordClass: string;
        event: string;
        version: number;
        channel: string;
        custodian: string | null;
        authorId: string | null;
        at: string;
        text: string;
        snippet: Array<{
          text: string;
          hit: boolean;
        }>;
        contentHash: string;
      }>;
    };
  };
  "GET /api/archive/verify": {
    params: never;
    query: never;
    body: never;
    response: {
      ok: boolean;
      checked: number;
      firstBroken: {
        seq: number;
        reason: string;
      } | null;
    };
  };
  "GET /api/audit": {
    params: never;
    query: { action?: string; actorId?: string; targetType?: string; targetId?: string; from?: unknown; to?: unknown; before?: number; limit?: number };
    body: never;
    response: {
      events: Array<{
        seq: number;
        actor_id: string | null;
        action: string;
        target_type: string | null;
        target_id: string | null;
        ip: string | null;
        detail: Record<string, unknown>;
        created_at: string;
        hash: string;
        actor_name: string | null;
        target_name: string | null;
      }>;
      nextBefore: number | null;
    };
  };
  "GET /api/audit/export.csv": {
    params: never;
    query: { action?: string; actorId?: string; targetType?: string; targetId?: string; from?: unknown; to?: unknown };
    body: never;
    response: unknown;
  };
  "GET /api/audit/people": {
    params: never;
    query: never;
    body: never;
    response: {
      people: Array<{
        id: string;
        name: string;
      }>;
    };
  };
  "GET /api/audit/verify": {
    params: never;
    query: never;
    body: never;
    response: {
      ok: boolean;
      checked: number;
      firstBroken: {
        seq: number;
        reason: string;
      } | null;
    };
  };
  "GET /api/auth/sessions": {
    params: never;
    query: never;
    body: never;
    response: {
      sessions: Array<{
        id: string;
        device: string;
        network: string | null;
        startedAt: string;
        lastSeenAt: string;
        current: boolean;
      }>;
    };
  };
  "GET /api/calendar/{token}": {
    params: { token: string };
    query: never;
    body: never;
    response: unknown;
  };
  "GET /api/campaigns": {
    params: never;
    query: never;
    body: never;
    response: {
      campaigns: Array<{
        id: string;
        title: string;
        story: string;
        goalCents: number;
        currency: string;
        donateUrl: string;
        endsOn: string | null;
        status: "active" | "closed";
        raisedCents: number;
        pledges: number;
        thanked: Array<string>;
        updates: Array<{
          id: string;
          body: string;
          createdAt: string;
        }>;
        canManage: boolean;
      }>;
    };
  };
  "GET /api/campaigns/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      campaign: {
        id: string;
        title: string;
        story: string;
        goalCents: number;
        currency: string;
        donateUrl: string;
        endsOn: string | null;
        status: "active" | "closed";
        raisedCents: number;
        pledges: number;
        thanked: Array<string>;
        updates: Array<{
          id: string;
          body: string;
          createdAt: string;
        }>;
        canManage: boolean;
      };
    };
  };
  "GET /api/campaigns/{id}/pledges.csv": {
    params: { id: string };
    query: never;
    body: never;
    response: unknown;
  };
  "GET /api/communities": {
    params: never;
    query: never;
    body: never;
    response: {
      communities: Array<{
        id: string;
        slug: string;
        name: string;
        description: string;
        visibility: "public" | "members" | "private";
        membership: {
          role: "member" | "moderator";
          pseudonym: string | null;
        } | null;
        memberCount: number;
        unread: number;
      }>;
    };
  };
  "GET /api/communities/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      community: {
        id: string;
        slug: string;
        name: string;
        description: string;
        visibility: "public" | "members" | "private";
        membership: {
          role: "member" | "moderator";
          pseudonym: string | null;
        } | null;
        memberCount: number;
        unread: number;
      };
    };
  };
  "GET /api/communities/{id}/calendar": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      feedUrl: string;
    };
  };
  "GET /api/communities/{id}/events": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      events: Array<{
        id: string;
        communityId: string;
        title: string;
        description: string;
        startsAt: string;
        endsAt: string;
        timeZone: string;
        place: string | null;
        onlineUrl: string | null;
        capacity: number | null;
        status: "scheduled" | "cancelled";
        going: number;
        waitlist: number;
        attended: number;
        mine: "going" | "waitlist" | null;
        waitlistPosition: number | null;
        canOrganize: boolean;
      }>;
    };
  };
  "GET /api/communities/{id}/join-links": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      links: Array<{
        id: string;
        code: string;
        path: string;
        label: string;
        requiresApproval: boolean;
        emailDomains: Array<string>;
        needsAccessCode: boolean;
        expiresAt: string | null;
        maxUses: number | null;
        uses: number;
        active: boolean;
        createdAt: string;
      }>;
    };
  };
  "GET /api/communities/{id}/join-requests": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      requests: Array<{
        id: string;
        name: string;
        pseudonym: string | null;
        requestedAt: string;
      }>;
    };
  };
  "GET /api/communities/{id}/mentionable": {
    params: { id: string };
    query: { q: string };
    body: never;
    response: {
      people: Array<{
        label: string;
        staff: boolean;
      }>;
    };
  };
  "GET /api/communities/{id}/posts": {
    params: { id: string };
    query: { cursor?: string; limit?: number };
    body: never;
    response: {
      community: {
        id: string;
        slug: string;
        name: string;
        description: string;
        visibility: "public" | "members" | "private";
        membership: {
          role: "member" | "moderator";
          pseudonym: string | null;
        } | null;
        memberCount: number;
        unread: number;
      };
      pinned: Array<{
        id: string;
        communityId: string | null;
        kind: "post" | "announcement" | "education" | "event" | "campaign" | "question";
        title: string;
        body: string;
        visibility: "public" | "members" | "care_team";
        contentWarning: string | null;
        status: string;
        pinned: boolean;
        version: number;
        author: {
          id: string | null;
          name: string;
          pseudonym: string | null;
        };
        mine: boolean;
        edited: boolean;
        commentCount: number;
        pictures: Array<{
          id: string;
          kind: "picture" | "video";
          altText: string;
          width: number;
          height: number;
        }>;
        question: {
          askedTo: string | null;
          answeredAt: string | null;
          waitingMinutes: number | null;
        } | null;
        createdAt: string;
        updatedAt: string;
      }>;
      posts: Array<{
        id: string;
        communityId: string | null;
        kind: "post" | "announcement" | "education" | "event" | "campaign" | "question";
        title: string;
        body: string;
        visibility: "public" | "members" | "care_team";
        contentWarning: string | null;
        status: string;
        pinned: boolean;
        version: number;
        author: {
          id: string | null;
          name: string;
          pseudonym: string | null;
        };
        mine: boolean;
        edited: boolean;
        commentCount: number;
        pictures: Array<{
          id: string;
          kind: "picture" | "video";
          altText: string;
          width: number;
          height: number;
        }>;
        question: {
          askedTo: string | null;
          answeredAt: string | null;
          waitingMinutes: number | null;
        } | null;
        createdAt: string;
        updatedAt: string;
      }>;
      nextCursor: string | null;
    };
  };
  "GET /api/communities/{id}/rules": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      rules: string;
    };
  };
  "GET /api/consents": {
    params: never;
    query: { patientId?: string; q?: string; active?: "true" | "false" };
    body: never;
    response: {
      consents: Array<{
        id: string;
        patientId: string | null;
        subject: {
          name: string;
          aliases: Array<string>;
          birthDate: string | null;
          contact: string | null;
        };
        signature: {
          method: "signed_form" | "typed_signature" | "own_account";
          signedName: string | null;
          witnessId: string | null;
        };
        media: Array<string>;
        purpose: string;
        destinations: Array<string>;
        categories: Array<string>;
        validFrom: string;
        expiresAt: string;
        revokedAt: string | null;
        active: boolean;
      }>;
    };
  };
  "GET /api/consents/{id}/fhir": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      resourceType: "Consent";
      id: string;
      [key: string]: unknown;
    };
  };
  "GET /api/contacts": {
    params: never;
    query: never;
    body: never;
    response: {
      contacts: Array<{
        id: string;
        name: string;
        role: string;
      }>;
    };
  };
  "GET /api/events/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      event: {
        id: string;
        communityId: string;
        title: string;
        description: string;
        startsAt: string;
        endsAt: string;
        timeZone: string;
        place: string | null;
        onlineUrl: string | null;
        capacity: number | null;
        status: "scheduled" | "cancelled";
        going: number;
        waitlist: number;
        attended: number;
        mine: "going" | "waitlist" | null;
        waitlistPosition: number | null;
        canOrganize: boolean;
      };
    };
  };
  "GET /api/events/{id}/attendees": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      attendees: Array<{
        id: string;
        name: string;
        status: "going" | "waitlist";
        attended: boolean;
      }>;
    };
  };
  "GET /api/events/{id}/ics": {
    params: { id: string };
    query: never;
    body: never;
    response: unknown;
  };
  "GET /api/feed": {
    params: never;
    query: never;
    body: never;
    response: {
      posts: Array<{
        id: string;
        communityId: string | null;
        kind: "post" | "announcement" | "education" | "event" | "campaign" | "question";
        title: string;
        body: string;
        visibility: "public" | "members" | "care_team";
        contentWarning: string | null;
        status: string;
        pinned: boolean;
        version: number;
        author: {
          id: string | null;
          name: string;
          pseudonym: string | null;
        };
        mine: boolean;
        edited: boolean;
        commentCount: number;
        pictures: Array<{
          id: string;
          kind: "picture" | "video";
          altText: string;
          width: number;
          height: number;
        }>;
        question: {
          askedTo: string | null;
          answeredAt: string | null;
          waitingMinutes: number | null;
        } | null;
        createdAt: string;
        updatedAt: string;
      }>;
    };
  };
  "GET /api/goals": {
    params: never;
    query: never;
    body: never;
    response: {
      goals: Array<{
        id: string;
        kind: "steps" | "weight" | "a1c" | "blood_pressure" | "sleep" | "habit";
        title: string;
        unit: string;
        target: number | null;
        target2: number | null;
        dueDate: string | null;
        status: "suggested" | "active" | "declined" | "stopped";
        direction: "up" | "down";
        reached: boolean;
        suggestedBy: string | null;
        suggestionNote: string;
        entries: Array<{
          id: string;
          value: number;
          value2: number | null;
          date: string;
        }>;
        sharedWith: Array<{
          id: string;
          name: string;
        }>;
        patientName?: string;
        createdAt: string;
      }>;
    };
  };
  "GET /api/goals/shared": {
    params: never;
    query: never;
    body: never;
    response: {
      goals: Array<{
        id: string;
        kind: "steps" | "weight" | "a1c" | "blood_pressure" | "sleep" | "habit";
        title: string;
        unit: string;
        target: number | null;
        target2: number | null;
        dueDate: string | null;
        status: "suggested" | "active" | "declined" | "stopped";
        direction: "up" | "down";
        reached: boolean;
        suggestedBy: string | null;
        suggestionNote: string;
        entries: Array<{
          id: string;
          value: number;
          value2: number | null;
          date: string;
        }>;
        sharedWith: Array<{
          id: string;
          name: string;
        }>;
        patientName?: string;
        createdAt: string;
      }>;
    };
  };
  "GET /api/join/{code}": {
    params: { code: string };
    query: never;
    body: never;
    response: {
      organization: string;
      community: {
        name: string;
        description: string;
        rules: string;
      };
      requiresApproval: boolean;
      needsAccessCode: boolean;
      emailDomains: Array<string>;
    };
  };
  "GET /api/me/erasure": {
    params: never;
    query: never;
    body: never;
    response: {
      requests: Array<{
        id: string;
        status: string;
        at: string;
        completedAt: string | null;
      }>;
    };
  };
  "GET /api/me/export": {
    params: never;
    query: never;
    body: never;
    response: unknown;
  };
  "GET /api/me/export.fhir": {
    params: never;
    query: never;
    body: never;
    response: unknown;
  };
  "GET /api/me/requirements": {
    params: never;
    query: never;
    body: never;
    response: {
      capabilities: Record<string, {
          ok: boolean;
          missing: Array<{
            kind: string;
            id: string;
            title: string;
            link: string;
            reason: string;
          }>;
        }>;
    };
  };
  "GET /api/media/links/{token}": {
    params: { token: string };
    query: never;
    body: never;
    response: unknown;
  };
  "GET /api/media/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      media: {
        id: string;
        status: "processing" | "ready" | "failed" | "destroyed";
        stage: string;
        fileName: string;
        kind: "picture" | "video";
        durationMs: number | null;
        width: number;
        height: number;
        altText: string;
        redactions: Array<{
          box: {
            x: number;
            y: number;
            w: number;
            h: number;
          };
          style: "blur" | "cover" | "crop";
        }>;
        version: number;
        failure: string | null;
        shared: boolean;
        createdAt: string;
      };
    };
  };
  "GET /api/media/{id}/check": {
    params: { id: string };
    query: { destination?: "public" | "community" | "direct" | "care_team" };
    body: never;
    response: {
      status: "processing" | "ready" | "failed" | "destroyed";
      findings: Array<{
        kind: "face" | "text" | "code";
        box: {
          x: number;
          y: number;
          w: number;
          h: number;
        };
        categories: Array<string>;
        labels: Array<string>;
        hidden: boolean;
      }>;
      decision: {
        verdict: "allow" | "warn" | "needs_consent" | "block";
        categories: Array<string>;
      } | null;
    };
  };
  "GET /api/media/{id}/files/{role}": {
    params: { id: string; role: "clean" | "shared" | "w320" | "w1280" };
    query: never;
    body: never;
    response: unknown;
  };
  "GET /api/moderation/appeals": {
    params: never;
    query: never;
    body: never;
    response: {
      appeals: Array<{
        id: string;
        recordKind: string | null;
        recordId: string | null;
        action: string;
        reason: string;
        days: number | null;
        createdAt: string;
        appeal: {
          text: string | null;
          status: string;
          note: string | null;
          at: string | null;
        } | null;
        author: string;
        moderator: string;
        moderatorId: string;
      }>;
    };
  };
  "GET /api/moderation/claims": {
    params: never;
    query: never;
    body: never;
    response: {
      claims: Array<{
        id: string;
        claim: string;
        correction: string;
        url: string | null;
        source: {
          id: string;
          title: string;
        } | null;
        addedBy: string;
        createdAt: string;
      }>;
      builtin: {
        count: number;
        threshold: number;
      };
    };
  };
  "GET /api/moderation/flags": {
    params: never;
    query: never;
    body: never;
    response: {
      flags: Array<{
        id: string;
        recordKind: string;
        recordId: string;
        reason: string;
        source: string;
        status: string;
        createdAt: string;
        post: {
          title: string;
          body: string;
          status: string;
        } | null;
      }>;
    };
  };
  "GET /api/moderation/mine": {
    params: never;
    query: never;
    body: never;
    response: {
      actions: Array<{
        id: string;
        recordKind: string | null;
        recordId: string | null;
        action: string;
        reason: string;
        days: number | null;
        createdAt: string;
        appeal: {
          text: string | null;
          status: string;
          note: string | null;
          at: string | null;
        } | null;
        canAppeal: boolean;
      }>;
    };
  };
  "GET /api/moderation/queue": {
    params: never;
    query: never;
    body: never;
    response: {
      items: Array<{
        recordKind: string;
        recordId: string;
        postId: string;
        title: string;
        body: string;
        status: string;
        author: {
          id: string;
          name: string;
          pseudonym: string | null;
        };
        community: string | null;
        memberFlagWeight: number;
        misinformationScore: number | null;
        flags: Array<{
          id: string;
          source: string;
          reason: string;
          weight: number;
          score: number | null;
          reporter: string | null;
          createdAt: string;
          evidence: {
            claim?: string;
            correction?: string | null;
            url?: string | null;
            domain?: string;
          } | null;
        }>;
        corrections: Array<{
          id: string;
          title: string;
          url: string;
          publisher: string;
          note: string;
        }>;
        firstFlaggedAt: string;
      }>;
    };
  };
  "GET /api/moderation/rules": {
    params: never;
    query: never;
    body: never;
    response: {
      rules: Array<{
        id: string;
        communityId: string | null;
        community: string | null;
        pattern: string;
        isRegex: boolean;
        action: string;
        replacement: string | null;
        note: string;
        createdAt: string;
      }>;
    };
  };
  "GET /api/moderation/sources": {
    params: never;
    query: never;
    body: never;
    response: {
      sources: Array<{
        id: string;
        title: string;
        url: string;
        publisher: string;
        summary: string;
        createdAt: string;
      }>;
    };
  };
  "GET /api/moderation/unreliable-domains": {
    params: never;
    query: never;
    body: never;
    response: {
      domains: Array<{
        domain: string;
        note: string;
        createdAt: string;
      }>;
    };
  };
  "GET /api/notifications": {
    params: never;
    query: never;
    body: never;
    response: {
      notifications: Array<{
        id: string;
        kind: string;
        title: string;
        link: string;
        createdAt: string;
        read: boolean;
      }>;
      unread: number;
    };
  };
  "GET /api/notifications/preferences": {
    params: never;
    query: never;
    body: never;
    response: {
      preferences: {
        quietStart: number | null;
        quietEnd: number | null;
        timeZone: string;
        batch: "instant" | "hourly" | "daily";
      };
    };
  };
  "GET /api/org/guard-profile": {
    params: never;
    query: never;
    body: never;
    response: {
      aliases: Array<string>;
      facilities: Array<{
        name: string;
        address?: string;
        phone?: string;
        fax?: string;
      }>;
      domains: Array<string>;
      publicFigures: Array<string>;
      name: string;
    };
  };
  "GET /api/org/members": {
    params: never;
    query: never;
    body: never;
    response: {
      members: Array<{
        id: string;
        email: string;
        displayName: string;
        role: string;
        twoFactor: boolean;
        since: string;
        trustLevel: number;
        silencedUntil: string | null;
        suspendedUntil: string | null;
        deactivatedAt: string | null;
      }>;
    };
  };
  "GET /api/org/offboarding": {
    params: never;
    query: never;
    body: never;
    response: {
      changes: Array<{
        change: "deactivated" | "reactivated";
        member: string;
        email: string;
        reason: string;
        by: string | null;
        at: string;
        detail: Record<string, unknown>;
      }>;
    };
  };
  "GET /api/org/scim-tokens": {
    params: never;
    query: never;
    body: never;
    response: {
      tokens: Array<{
        id: string;
        name: string;
        createdAt: string;
        lastUsedAt: string | null;
      }>;
      endpoint: string;
    };
  };
  "GET /api/org/settings": {
    params: never;
    query: never;
    body: never;
    response: {
      name: string;
      slug: string;
      require2faRoles: Array<string>;
    };
  };
  "GET /api/org/sso": {
    params: never;
    query: never;
    body: never;
    response: {
      provider: {
        kind: "oidc" | "saml";
        issuer: string;
        clientId: string | null;
        ssoUrl: string | null;
        certificate: {
          fingerprint: string;
          expiresAt: string;
        } | null;
        groupsClaim: string;
        roleMap: Record<string, "patient" | "clinician" | "staff" | "communications" | "compliance" | "admin">;
        defaultRole: "patient" | "clinician" | "staff" | "communications" | "compliance" | "admin" | null;
        requireForStaff: boolean;
        updatedAt: string;
      } | null;
      oidc: {
        redirectUri: string;
      };
      saml: {
        entityId: string;
        acsUrl: string;
        metadataUrl: string;
      };
    };
  };
  "GET /api/oversight/digest": {
    params: never;
    query: never;
    body: never;
    response: {
      lastSentAt: string | null;
      preview: {
        period: {
          from: string;
          to: string;
        };
        staffPosts: number;
        networkPosts: number;
        inboxResponses: number;
        blockedAttemptsByCategory: Record<string, number>;
        blockedAttemptsByStaffByCategory: Record<string, number>;
        flagsOnStaffContent: number;
        questionsAnswered: number;
        medianResponseMinutes: number | null;
        consentBackedPosts: number;
        samplesDrawn: number;
        samplesWithConcerns: number;
        samplesAwaitingReview: number;
        overdueTraining: Array<{
          name: string;
          modules: Array<string>;
        }>;
        unacknowledgedPolicies: Array<{
          name: string;
          policies: Array<string>;
        }>;
      };
    };
  };
  "GET /api/oversight/reviews": {
    params: never;
    query: { status?: "open" | "decided" };
    body: never;
    response: {
      reviews: Array<{
        id: string;
        recordKind: string;
        recordId: string;
        postId: string;
        title: string;
        body: string;
        author: string;
        authorId: string;
        sampledAt: string;
        decision: string | null;
        note: string | null;
        reviewer: string | null;
        decidedAt: string | null;
      }>;
    };
  };
  "GET /api/oversight/staff": {
    params: never;
    query: { days?: number };
    body: never;
    response: {
      days: number;
      staff: Array<{
        userId: string;
        name: string;
        role: string;
        posts: number;
        replies: number;
        networkPosts: number;
        inboxResponses: number;
        medianInboxResponseMinutes: number | null;
        flagsOnContent: number;
        blockedByCategory: Record<string, number>;
        questionsAnswered: number;
        medianResponseMinutes: number | null;
        sampled: number;
        concerns: number;
        overdueTraining: Array<string>;
        unacknowledgedPolicies: Array<string>;
      }>;
    };
  };
  "GET /api/people/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      person: {
        id: string;
        name: string;
        role: "patient" | "clinician" | "staff" | "communications" | "compliance" | "admin";
        specialty: string | null;
        memberSince: string;
      };
      communitiesInCommon: Array<{
        id: string;
        name: string;
      }>;
      posts: Array<{
        id: string;
        communityId: string | null;
        kind: "post" | "announcement" | "education" | "event" | "campaign" | "question";
        title: string;
        body: string;
        visibility: "public" | "members" | "care_team";
        contentWarning: string | null;
        status: string;
        pinned: boolean;
        version: number;
        author: {
          id: string | null;
          name: string;
          pseudonym: string | null;
        };
        mine: boolean;
        edited: boolean;
        commentCount: number;
        pictures: Array<{
          id: string;
          kind: "picture" | "video";
          altText: string;
          width: number;
          height: number;
        }>;
        question: {
          askedTo: string | null;
          answeredAt: string | null;
          waitingMinutes: number | null;
        } | null;
        createdAt: string;
        updatedAt: string;
      }>;
    };
  };
  "GET /api/policies": {
    params: never;
    query: never;
    body: never;
    response: {
      policies: Array<{
        id: string;
        slug: string;
        title: string;
        version: number;
        versionId: string;
        publishedAt: string;
        changeSummary: string;
        acknowledgedAt: string | null;
      }>;
    };
  };
  "GET /api/policies/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      policy: {
        id: string;
        slug: string;
        title: string;
        versions: Array<{
          id: string;
          version: number;
          body: string;
          changeSummary: string;
          publishedAt: string;
          publishedBy: string;
          sha256: string;
          acknowledgedAt: string | null;
        }>;
      };
    };
  };
  "GET /api/policies/{id}/acknowledgements": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      policy: string;
      version: number;
      staff: Array<{
        userId: string;
        name: string;
        role: string;
        acknowledgedAt: string | null;
      }>;
    };
  };
  "GET /api/posts/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      post: {
        id: string;
        communityId: string | null;
        kind: "post" | "announcement" | "education" | "event" | "campaign" | "question";
        title: string;
        body: string;
        visibility: "public" | "members" | "care_team";
        contentWarning: string | null;
        status: string;
        pinned: boolean;
        version: number;
        author: {
          id: string | null;
          name: string;
          pseudonym: string | null;
        };
        mine: boolean;
        edited: boolean;
        commentCount: number;
        pictures: Array<{
          id: string;
          kind: "picture" | "video";
          altText: string;
          width: number;
          height: number;
        }>;
        question: {
          askedTo: string | null;
          answeredAt: string | null;
          waitingMinutes: number | null;
        } | null;
        createdAt: string;
        updatedAt: string;
      };
      comments: Array<{
        id: string;
        parentId: string | null;
        body: string;
        author: {
          id: string | null;
          name: string;
          pseudonym: string | null;
        };
        mine: boolean;
        pictures: Array<{
          id: string;
          kind: "picture" | "video";
          altText: string;
          width: number;
          height: number;
        }>;
        createdAt: string;
      }>;
      reactions: Array<{
        emoji: "like" | "support" | "thanks" | "helpful";
        count: number;
        mine: boolean;
      }>;
      corrections: Array<{
        title: string;
        url: string;
        publisher: string;
        summary: string;
        note: string;
      }>;
    };
  };
  "GET /api/posts/{id}/history": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      versions: Array<{
        version: number;
        event: string;
        content: Record<string, unknown>;
        at: string;
      }>;
    };
  };
  "GET /api/providers": {
    params: never;
    query: never;
    body: never;
    response: {
      providers: Array<{
        id: string;
        name: string;
        specialty: string;
        npi: string | null;
        bio: string;
        verified: boolean;
        rating: number | null;
        reviewCount: number;
        photo: {
          id: string;
          kind: "picture" | "video";
          altText: string;
          width: number;
          height: number;
        } | null;
      }>;
    };
  };
  "GET /api/providers/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      provider: {
        id: string;
        name: string;
        specialty: string;
        npi: string | null;
        bio: string;
        verified: boolean;
        rating: number | null;
        reviewCount: number;
        photo: {
          id: string;
          kind: "picture" | "video";
          altText: string;
          width: number;
          height: number;
        } | null;
      };
      reviews: Array<{
        id: string;
        rating: number;
        body: string;
        author: string;
        mine: boolean;
        createdAt: string;
        reply: {
          body: string;
          by: string | null;
          at: string;
        } | null;
      }>;
    };
  };
  "GET /api/publisher/analytics": {
    params: never;
    query: { days?: number };
    body: never;
    response: {
      days: number;
      channels: Array<{
        channel: string;
        network: string;
        posts: number;
        likes: number;
        reposts: number;
        replies: number;
      }>;
      posts: Array<{
        postId: string;
        channel: string;
        network: string;
        campaign: string | null;
        excerpt: string;
        publishedAt: string;
        likes: number | null;
        reposts: number | null;
        replies: number | null;
        impressions: number | null;
      }>;
      inbox: {
        received: number;
        responded: number;
        medianResponseMinutes: number | null;
        slaBreaches: number;
        openOverdue: number;
      };
      events: Array<{
        eventId: string;
        title: string;
        startsAt: string;
        status: string;
        capacity: number | null;
        going: number;
        waitlist: number;
        attended: number;
      }>;
      compliance: {
        blockedByCategory: Record<string, number>;
        postsByStatus: {
          cancelled?: number;
          expired?: number;
          pending_approval?: number;
          published?: number;
          rejected?: number;
        };
        consentBackedPosts: number;
      };
    };
  };
  "GET /api/publisher/analytics.csv": {
    params: never;
    query: { days?: number };
    body: never;
    response: unknown;
  };
  "GET /api/publisher/channels": {
    params: never;
    query: never;
    body: never;
    response: {
      channels: Array<{
        id: string;
        network: "mastodon" | "bluesky" | "google_reviews" | "x" | "facebook" | "linkedin" | "sandbox" | "instagram" | "youtube";
        name: string;
        baseUrl: string;
        handle: string;
        maxLength: number;
        canPost: boolean;
        status: "active" | "revoked" | "paused";
        statusReason: string | null;
        lastCheckedAt: string | null;
        ownerDepartedAt: string | null;
      }>;
    };
  };
  "GET /api/publisher/inbox": {
    params: never;
    query: { status?: "open" | "responded" | "closed" | "all"; mine?: boolean };
    body: never;
    response: {
      items: Array<{
        id: string;
        kind: string;
        channel: string;
        network: string;
        from: {
          handle: string;
          name: string;
        };
        body: string;
        rating: number | null;
        url: string | null;
        receivedAt: string;
        status: string;
        tags: Array<string>;
        dueAt: string;
        overdue: boolean;
        firstResponseAt: string | null;
        assignee: {
          id: string;
          name: string | null;
        } | null;
        responses: Array<{
          body: string;
          status: string;
          error: string | null;
          by: string;
          at: string;
        }>;
      }>;
    };
  };
  "GET /api/publisher/library": {
    params: never;
    query: { q?: string; all?: "true" | "false" };
    body: never;
    response: {
      items: Array<{
        id: string;
        title: string;
        body: string;
        tags: Array<string>;
        status: "proposed" | "approved" | "retired";
        uses: number;
        author: string;
        mine: boolean;
        createdAt: string;
      }>;
      canDecide: boolean;
    };
  };
  "GET /api/publisher/oauth": {
    params: never;
    query: never;
    body: never;
    response: {
      networks: Array<{
        network: "mastodon" | "bluesky" | "google_reviews" | "x" | "facebook" | "linkedin" | "sandbox" | "instagram" | "youtube";
        label: string;
        scopes: Array<string>;
        fields: Array<{
          name: string;
          label: string;
        }>;
      }>;
    };
  };
  "GET /api/publisher/posts": {
    params: never;
    query: { status?: string; from?: string; to?: string };
    body: never;
    response: {
      posts: Array<{
        id: string;
        body: string;
        pictures: Array<{
          id: string;
          kind: "picture" | "video";
          altText: string;
          width: number;
          height: number;
        }>;
        author: string;
        authorId: string;
        mine: boolean;
        status: string;
        approvalsRequired: number;
        approvalExpiresAt: string;
        scheduledAt: string | null;
        campaign: string | null;
        misinformation: number | null;
        screenFlags: Array<string>;
        followUps: Array<string>;
        repeat: {
          every: "day" | "week" | "month";
          remaining: number;
        } | null;
        seriesId: string | null;
        createdAt: string;
        approvals: Array<{
          step: number;
          decision: string;
          note: string;
          by: string;
          at: string;
        }>;
        targets: Array<{
          id: string;
          channelId: string;
          channel: string;
          network: string;
          partsSent: number;
          status: string;
          attempts: number;
          nextAttemptAt: string | null;
          lastError: string | null;
          url: string | null;
          publishedAt: string | null;
        }>;
      }>;
    };
  };
  "GET /api/publisher/sandbox": {
    params: never;
    query: never;
    body: never;
    response: {
      channels: Array<{
        id: string;
        name: string;
        handle: string;
        status: string;
      }>;
      posts: Array<{
        id: string;
        handle: string;
        body: string;
        removed: boolean;
        edited: boolean;
        continues: string | null;
        pictures: Array<string>;
        at: string;
        likes: number;
        reposts: number;
        conversation: Array<{
          id: string;
          kind: string;
          from: string;
          handle: string;
          body: string;
          rating: number | null;
          at: string;
          answer: string | null;
        }>;
      }>;
    };
  };
  "GET /api/publisher/settings": {
    params: never;
    query: never;
    body: never;
    response: {
      settings: {
        approvalSteps: number;
        approvalHours: number;
        responseHours: number;
        calendar?: {
          timeZone: string;
          days: Array<number>;
          open: number;
          close: number;
        };
        linkTracking?: boolean;
      };
    };
  };
  "GET /api/publisher/templates": {
    params: never;
    query: never;
    body: never;
    response: {
      templates: Array<{
        id: string;
        name: string;
        body: string;
      }>;
    };
  };
  "GET /api/push/key": {
    params: never;
    query: never;
    body: never;
    response: {
      publicKey: string;
      devices: number;
    };
  };
  "GET /api/questions": {
    params: never;
    query: { status?: "open" | "answered" };
    body: never;
    response: {
      questions: Array<{
        id: string;
        communityId: string | null;
        kind: "post" | "announcement" | "education" | "event" | "campaign" | "question";
        title: string;
        body: string;
        visibility: "public" | "members" | "care_team";
        contentWarning: string | null;
        status: string;
        pinned: boolean;
        version: number;
        author: {
          id: string | null;
          name: string;
          pseudonym: string | null;
        };
        mine: boolean;
        edited: boolean;
        commentCount: number;
        pictures: Array<{
          id: string;
          kind: "picture" | "video";
          altText: string;
          width: number;
          height: number;
        }>;
        question: {
          askedTo: string | null;
          answeredAt: string | null;
          waitingMinutes: number | null;
        } | null;
        createdAt: string;
        updatedAt: string;
      }>;
      medianResponseMinutes: number | null;
    };
  };
  "GET /api/screening/instruments": {
    params: never;
    query: never;
    body: never;
    response: {
      instruments: Array<{
        id: string;
        title: string;
        about: string;
        period: string | null;
        source: string;
        questions: Array<{
          id: string;
          text: string;
          options: Array<{
            value: number;
            label: string;
          }>;
          askIf: {
            question: string;
            value: number;
          } | null;
        }>;
        maxScore: number;
        crisis: Array<{
          question: string;
          atLeast: number;
        }>;
        own: boolean;
      }>;
      crisisResources: Array<{
        name: string;
        how: string;
        href: string;
      }>;
    };
  };
  "GET /api/screening/results": {
    params: never;
    query: never;
    body: never;
    response: {
      results: Array<{
        id: string;
        instrument: string;
        title: string;
        answers: Record<string, number>;
        score: number;
        maxScore: number;
        band: string;
        nextSteps: string;
        crisis: boolean;
        alertedCareTeam: boolean;
        createdAt: string;
        patientName?: string;
        sharedWith?: Array<{
          id: string;
          name: string;
        }>;
      }>;
    };
  };
  "GET /api/screening/results/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      result: {
        id: string;
        instrument: string;
        title: string;
        answers: Record<string, number>;
        score: number;
        maxScore: number;
        band: string;
        nextSteps: string;
        crisis: boolean;
        alertedCareTeam: boolean;
        createdAt: string;
        patientName?: string;
        sharedWith?: Array<{
          id: string;
          name: string;
        }>;
      };
    };
  };
  "GET /api/screening/shared": {
    params: never;
    query: never;
    body: never;
    response: {
      results: Array<{
        id: string;
        instrument: string;
        title: string;
        answers: Record<string, number>;
        score: number;
        maxScore: number;
        band: string;
        nextSteps: string;
        crisis: boolean;
        alertedCareTeam: boolean;
        createdAt: string;
        patientName?: string;
        sharedWith?: Array<{
          id: string;
          name: string;
        }>;
      }>;
    };
  };
  "GET /api/search": {
    params: never;
    query: { q: string };
    body: never;
    response: {
      posts: Array<{
        id: string;
        communityId: string | null;
        kind: "post" | "announcement" | "education" | "event" | "campaign" | "question";
        title: string;
        body: string;
        visibility: "public" | "members" | "care_team";
        contentWarning: string | null;
        status: string;
        pinned: boolean;
        version: number;
        author: {
          id: string | null;
          name: string;
          pseudonym: string | null;
        };
        mine: boolean;
        edited: boolean;
        commentCount: number;
        pictures: Array<{
          id: string;
          kind: "picture" | "video";
          altText: string;
          width: number;
          height: number;
        }>;
        question: {
          askedTo: string | null;
          answeredAt: string | null;
          waitingMinutes: number | null;
        } | null;
        createdAt: string;
        updatedAt: string;
      }>;
    };
  };
  "GET /api/security/alerts": {
    params: never;
    query: { scope?: "mine" | "organization" };
    body: never;
    response: {
      alerts: Array<{
        id: string;
        kind: string;
        detail: Record<string, unknown>;
        user: {
          id: string;
          name: string | null;
        } | null;
        createdAt: string;
        read: boolean;
      }>;
    };
  };
  "GET /api/security/break-glass": {
    params: never;
    query: never;
    body: never;
    response: {
      grants: Array<{
        id: string;
        userId: string;
        grantee: string;
        requester: string;
        approver: string | null;
        reason: string;
        minutes: number;
        status: string;
        expiresAt: string;
        canApprove: boolean;
      }>;
    };
  };
  "GET /api/security/passkeys": {
    params: never;
    query: never;
    body: never;
    response: {
      passkeys: Array<{
        id: string;
        name: string;
        createdAt: string;
        lastUsedAt: string | null;
      }>;
    };
  };
  "GET /api/session": {
    params: never;
    query: never;
    body: never;
    response: {
      csrfToken: string;
      session: {
        user: {
          id: string;
          displayName: string;
          email: string;
          twoFactor: boolean;
          passkey: boolean;
        };
        organization: {
          id: string;
          name: string;
          slug: string;
        };
        role: "patient" | "clinician" | "staff" | "communications" | "compliance" | "admin";
        can: Array<"community.create" | "community.moderate" | "post.publish_announcement" | "post.pin" | "content.moderate" | "consent.record" | "audit.read" | "archive.read" | "archive.dispose" | "org.manage_members" | "security.read_alerts" | "break_glass.grant" | "break_glass.approve" | "signals.read" | "policy.manage" | "oversight.read" | "publisher.compose" | "publisher.channels" | "publisher.approve" | "publisher.inbox" | "publisher.analytics" | "publisher.library" | "guard.profile" | "screening.manage" | "fundraising.manage">;
        mustEnrollTwoFactor: boolean;
        onboarded: boolean;
        locale: "en" | "es" | null;
      };
    };
  };
  "GET /api/sharing-rules": {
    params: never;
    query: never;
    body: never;
    response: {
      rules: {
        destinations: Record<string, Array<"public" | "community" | "direct" | "care_team">>;
        approvals: Record<string, Array<"patient" | "clinician" | "staff" | "communications" | "compliance" | "admin">>;
        gates: Record<string, {
            modules: Array<string>;
            policies: Array<string>;
          }>;
        samplePercent: number;
        phiPolicy: Record<string, Record<string, "allow" | "warn" | "needs_consent" | "block">>;
      };
      modules: Array<{
        slug: string;
        title: string;
      }>;
      policies: Array<{
        slug: string;
        title: string;
      }>;
      categories: Array<string>;
      destinations: Array<string>;
      roles: Array<string>;
    };
  };
  "GET /api/signals": {
    params: never;
    query: { syndrome?: "respiratory" | "gastrointestinal" | "rash" | "influenza"; scope?: string; days?: number };
    body: never;
    response: {
      syndrome: string;
      scope: string;
      series: Array<{
        day: string;
        count: number;
      }>;
      alarms: Array<{
        method: string;
        day: string;
        observed: number;
        expected: number;
        statistic: number;
      }>;
    };
  };
  "GET /api/signals/alerts": {
    params: never;
    query: never;
    body: never;
    response: {
      alerts: Array<{
        id: string;
        scope: string;
        syndrome: string;
        day: string;
        method: string;
        observed: number;
        expected: number;
        statistic: number;
      }>;
    };
  };
  "GET /api/signals/scopes": {
    params: never;
    query: never;
    body: never;
    response: {
      scopes: Array<{
        scope: string;
        label: string;
      }>;
      syndromes: Array<{
        id: string;
        label: string;
      }>;
    };
  };
  "GET /api/threads": {
    params: never;
    query: never;
    body: never;
    response: {
      threads: Array<{
        id: string;
        kind: string;
        subject: string;
        with: string;
        lastMessageAt: string;
        unread: boolean;
      }>;
    };
  };
  "GET /api/threads/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      thread: {
        id: string;
        kind: string;
        subject: string;
      };
      participants: Array<{
        id: string;
        name: string;
        role: string;
      }>;
      messages: Array<{
        id: string;
        author: {
          id: string;
          name: string;
        };
        body: string;
        redactions: Array<{
          end: number;
          start: number;
          category: string;
        }> | null;
        mine: boolean;
        pictures: Array<{
          id: string;
          kind: "picture" | "video";
          altText: string;
          width: number;
          height: number;
        }>;
        createdAt: string;
      }>;
    };
  };
  "GET /api/training/certificates/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      certificate: {
        id: string;
        name: string;
        organization: string;
        module: string;
        moduleVersion: number;
        score: number;
        completedAt: string;
        validUntil: string;
        signature: string | null;
        valid: boolean;
      };
    };
  };
  "GET /api/training/modules": {
    params: never;
    query: never;
    body: never;
    response: {
      modules: Array<{
        id: string;
        slug: string;
        title: string;
        summary: string;
        passMark: number;
        version: number;
        passedAt: string | null;
        score: number | null;
        certificateId: string | null;
        expiresAt: string | null;
        current: boolean;
      }>;
    };
  };
  "GET /api/training/modules/{id}": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      module: {
        id: string;
        slug: string;
        title: string;
        summary: string;
        passMark: number;
        validDays: number;
        version: number;
        lessons: Array<{
          body: string;
          title: string;
        }>;
        questions: Array<{
          prompt: string;
          options: Array<string>;
        }>;
      };
    };
  };
  "PATCH /api/media/{id}": {
    params: { id: string };
    query: never;
    body: {
      altText?: string;
      redactions?: Array<{
        box: {
          x: number;
          y: number;
          w: number;
          h: number;
        };
        style: "blur" | "cover" | "crop";
      }>;
    };
    response: {
      media: {
        id: string;
        status: "processing" | "ready" | "failed" | "destroyed";
        stage: string;
        fileName: string;
        kind: "picture" | "video";
        durationMs: number | null;
        width: number;
        height: number;
        altText: string;
        redactions: Array<{
          box: {
            x: number;
            y: number;
            w: number;
            h: number;
          };
          style: "blur" | "cover" | "crop";
        }>;
        version: number;
        failure: string | null;
        shared: boolean;
        createdAt: string;
      };
    };
  };
  "PATCH /api/org/members/{id}": {
    params: { id: string };
    query: never;
    body: {
      role: "patient" | "clinician" | "staff" | "communications" | "compliance" | "admin";
    };
    response: {
      ok: boolean;
    };
  };
  "PATCH /api/org/settings": {
    params: never;
    query: never;
    body: {
      require2faRoles: Array<"patient" | "clinician" | "staff" | "communications" | "compliance" | "admin">;
    };
    response: {
      ok: boolean;
    };
  };
  "PATCH /api/posts/{id}": {
    params: { id: string };
    query: never;
    body: {
      title?: string;
      body: string;
      contentWarning?: string | null;
      consentId?: string | null;
      consentIds?: Array<string>;
      confirmPhi?: boolean;
    };
    response: {
      post: {
        id: string;
        version: number;
        status: string;
      };
    };
  };
  "PATCH /api/publisher/inbox/{id}": {
    params: { id: string };
    query: never;
    body: {
      assigneeId?: string | null;
      tags?: Array<string>;
      status?: "open" | "closed";
    };
    response: {
      ok: boolean;
    };
  };
  "POST /api/archive/dispositions": {
    params: never;
    query: never;
    body: never;
    response: {
      request: {
        id: string;
        status: string;
      };
    };
  };
  "POST /api/archive/dispositions/{id}/approve": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      status: "pending" | "approved";
      runsAfter: string | null;
    };
  };
  "POST /api/archive/dispositions/{id}/cancel": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "POST /api/archive/erasures": {
    params: never;
    query: never;
    body: {
      subjectId: string;
    };
    response: {
      requestId: string;
      status: string;
      heldEntries?: number;
      certificateId?: string | null;
      erasedEntries?: number;
      kept: Array<{
        recordClass: string;
        entries: number;
        reason: string;
        until: string | null;
      }>;
    };
  };
  "POST /api/archive/floors": {
    params: never;
    query: never;
    body: {
      recordClass: string;
      jurisdiction: string;
      years: number;
      basis: string;
    };
    response: {
      floor: {
        id: string;
      };
      warnings: Array<string>;
    };
  };
  "POST /api/archive/holds": {
    params: never;
    query: never;
    body: {
      name: string;
      reason: string;
      custodianIds?: Array<string>;
      channels?: Array<string>;
      keywords?: Array<string>;
      dateFrom?: unknown;
      dateTo?: unknown;
      savedSearchId?: string | null;
    };
    response: {
      hold: {
        id: string;
      };
      matching: number;
      warning: string | null;
    };
  };
  "POST /api/archive/holds/{id}/release": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "POST /api/archive/productions": {
    params: never;
    query: never;
    body: {
      name: string;
      batesPrefix: string;
      batesStart?: number;
      query?: {
        custodianId?: string;
        from?: unknown;
        to?: unknown;
        keyword?: string;
        recordKind?: string;
        channel?: string;
      };
      savedSearchId?: string;
      reviewSetId?: string;
      include?: "responsive" | "all";
    };
    response: {
      production: {
        id: string;
        documents: number;
        withheld: number;
        sha256: string;
        bytes: number;
      };
    };
  };
  "POST /api/archive/review-sets": {
    params: never;
    query: never;
    body: {
      name: string;
      query?: {
        custodianId?: string;
        from?: unknown;
        to?: unknown;
        keyword?: string;
        recordKind?: string;
        channel?: string;
      };
      savedSearchId?: string;
    };
    response: {
      id: string;
      documents: number;
    };
  };
  "POST /api/archive/review-sets/{id}/assign": {
    params: { id: string };
    query: never;
    body: {
      reviewerIds: Array<string>;
    };
    response: {
      assigned: number;
    };
  };
  "POST /api/archive/rules": {
    params: never;
    query: never;
    body: {
      recordClass: string;
      jurisdiction: string;
      years: number;
      basis: string;
      effectiveFrom?: string | null;
      acknowledgeShort?: boolean;
    };
    response: {
      rule: {
        id: string;
        version: number;
      };
      warnings: Array<string>;
    };
  };
  "POST /api/archive/rules/{id}/retire": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "POST /api/archive/saved-searches": {
    params: never;
    query: never;
    body: {
      name: string;
      query: {
        custodianId?: string;
        from?: unknown;
        to?: unknown;
        keyword?: string;
        recordKind?: string;
        channel?: string;
      };
    };
    response: {
      id: string;
    };
  };
  "POST /api/auth/login": {
    params: never;
    query: never;
    body: {
      email: string;
      password: string;
      org?: string;
    };
    response: {
      csrfToken: string;
      session: {
        user: {
          id: string;
          displayName: string;
          email: string;
          twoFactor: boolean;
          passkey: boolean;
        };
        organization: {
          id: string;
          name: string;
          slug: string;
        };
        role: "patient" | "clinician" | "staff" | "communications" | "compliance" | "admin";
        can: Array<"community.create" | "community.moderate" | "post.publish_announcement" | "post.pin" | "content.moderate" | "consent.record" | "audit.read" | "archive.read" | "archive.dispose" | "org.manage_members" | "security.read_alerts" | "break_glass.grant" | "break_glass.approve" | "signals.read" | "policy.manage" | "oversight.read" | "publisher.compose" | "publisher.channels" | "publisher.approve" | "publisher.inbox" | "publisher.analytics" | "publisher.library" | "guard.profile" | "screening.manage" | "fundraising.manage">;
        mustEnrollTwoFactor: boolean;
        onboarded: boolean;
        locale: "en" | "es" | null;
      };
    } | {
      secondFactor: {
        challenge: string;
        methods: Array<"totp" | "passkey" | "recovery_code">;
      };
    };
  };
  "POST /api/auth/login/passkey": {
    params: never;
    query: never;
    body: {
      challenge: string;
      response: {
        id: string;
        rawId: string;
        type: "public-key";
        response: Record<string, unknown>;
        clientExtensionResults?: Record<string, unknown>;
        [key: string]: unknown;
      };
    };
    response: {
      csrfToken: string;
      session: {
        user: {
          id: string;
          displayName: string;
          email: string;
          twoFactor: boolean;
          passkey: boolean;
        };
        organization: {
          id: string;
          name: string;
          slug: string;
        };
        role: "patient" | "clinician" | "staff" | "communications" | "compliance" | "admin";
        can: Array<"community.create" | "community.moderate" | "post.publish_announcement" | "post.pin" | "content.moderate" | "consent.record" | "audit.read" | "archive.read" | "archive.dispose" | "org.manage_members" | "security.read_alerts" | "break_glass.grant" | "break_glass.approve" | "signals.read" | "policy.manage" | "oversight.read" | "publisher.compose" | "publisher.channels" | "publisher.approve" | "publisher.inbox" | "publisher.analytics" | "publisher.library" | "guard.profile" | "screening.manage" | "fundraising.manage">;
        mustEnrollTwoFactor: boolean;
        onboarded: boolean;
        locale: "en" | "es" | null;
      };
    } | {
      secondFactor: {
        challenge: string;
        methods: Array<"totp" | "passkey" | "recovery_code">;
      };
    };
  };
  "POST /api/auth/login/passkey/options": {
    params: never;
    query: never;
    body: {
      challenge: string;
    };
    response: {
      challenge: string;
      [key: string]: unknown;
    };
  };
  "POST /api/auth/login/second-factor": {
    params: never;
    query: never;
    body: {
      challenge: string;
      code: string;
    };
    response: {
      csrfToken: string;
      session: {
        user: {
          id: string;
          displayName: string;
          email: string;
          twoFactor: boolean;
          passkey: boolean;
        };
        organization: {
          id: string;
          name: string;
          slug: string;
        };
        role: "patient" | "clinician" | "staff" | "communications" | "compliance" | "admin";
        can: Array<"community.create" | "community.moderate" | "post.publish_announcement" | "post.pin" | "content.moderate" | "consent.record" | "audit.read" | "archive.read" | "archive.dispose" | "org.manage_members" | "security.read_alerts" | "break_glass.grant" | "break_glass.approve" | "signals.read" | "policy.manage" | "oversight.read" | "publisher.compose" | "publisher.channels" | "publisher.approve" | "publisher.inbox" | "publisher.analytics" | "publisher.library" | "guard.profile" | "screening.manage" | "fundraising.manage">;
        mustEnrollTwoFactor: boolean;
        onboarded: boolean;
        locale: "en" | "es" | null;
      };
    } | {
      secondFactor: {
        challenge: string;
        methods: Array<"totp" | "passkey" | "recovery_code">;
      };
    };
  };
  "POST /api/auth/logout": {
    params: never;
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "POST /api/auth/logout-all": {
    params: never;
    query: never;
    body: never;
    response: {
      ok: boolean;
      revoked: number;
    };
  };
  "POST /api/auth/passkey": {
    params: never;
    query: never;
    body: {
      response: {
        id: string;
        rawId: string;
        type: "public-key";
        response: Record<string, unknown>;
        clientExtensionResults?: Record<string, unknown>;
        [key: string]: unknown;
      };
      org?: string;
    };
    response: {
      csrfToken: string;
      session: {
        user: {
          id: string;
          displayName: string;
          email: string;
          twoFactor: boolean;
          passkey: boolean;
        };
        organization: {
          id: string;
          name: string;
          slug: string;
        };
        role: "patient" | "clinician" | "staff" | "communications" | "compliance" | "admin";
        can: Array<"community.create" | "community.moderate" | "post.publish_announcement" | "post.pin" | "content.moderate" | "consent.record" | "audit.read" | "archive.read" | "archive.dispose" | "org.manage_members" | "security.read_alerts" | "break_glass.grant" | "break_glass.approve" | "signals.read" | "policy.manage" | "oversight.read" | "publisher.compose" | "publisher.channels" | "publisher.approve" | "publisher.inbox" | "publisher.analytics" | "publisher.library" | "guard.profile" | "screening.manage" | "fundraising.manage">;
        mustEnrollTwoFactor: boolean;
        onboarded: boolean;
        locale: "en" | "es" | null;
      };
    } | {
      secondFactor: {
        challenge: string;
        methods: Array<"totp" | "passkey" | "recovery_code">;
      };
    };
  };
  "POST /api/auth/passkey/options": {
    params: never;
    query: never;
    body: never;
    response: {
      challenge: string;
      [key: string]: unknown;
    };
  };
  "POST /api/auth/password": {
    params: never;
    query: never;
    body: {
      currentPassword: string;
      newPassword: string;
    };
    response: {
      ok: boolean;
    };
  };
  "POST /api/auth/password-reset": {
    params: never;
    query: never;
    body: {
      email: string;
    };
    response: {
      ok: boolean;
      message: string;
    };
  };
  "POST /api/auth/password-reset/confirm": {
    params: never;
    query: never;
    body: {
      token: string;
      newPassword: string;
    };
    response: {
      ok: boolean;
    };
  };
  "POST /api/campaigns": {
    params: never;
    query: never;
    body: {
      title: string;
      story: string;
      goalCents: number;
      donateUrl: string;
      endsOn?: string | null;
      confirmPhi?: boolean;
    };
    response: {
      campaign: {
        id: string;
        title: string;
        story: string;
        goalCents: number;
        currency: string;
        donateUrl: string;
        endsOn: string | null;
        status: "active" | "closed";
        raisedCents: number;
        pledges: number;
        thanked: Array<string>;
        updates: Array<{
          id: string;
          body: string;
          createdAt: string;
        }>;
        canManage: boolean;
      };
    };
  };
  "POST /api/campaigns/{id}/announce": {
    params: { id: string };
    query: never;
    body: {
      channelIds: Array<string>;
    };
    response: {
      postId: string;
    };
  };
  "POST /api/campaigns/{id}/close": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "POST /api/campaigns/{id}/pledges": {
    params: { id: string };
    query: never;
    body: {
      amountCents: number;
      thankPublicly?: boolean;
      donorName?: string | null;
      consentId?: string | null;
    };
    response: {
      campaign: {
        id: string;
        title: string;
        story: string;
        goalCents: number;
        currency: string;
        donateUrl: string;
        endsOn: string | null;
        status: "active" | "closed";
        raisedCents: number;
        pledges: number;
        thanked: Array<string>;
        updates: Array<{
          id: string;
          body: string;
          createdAt: string;
        }>;
        canManage: boolean;
      };
    };
  };
  "POST /api/campaigns/{id}/updates": {
    params: { id: string };
    query: never;
    body: {
      body: string;
      confirmPhi?: boolean;
    };
    response: {
      campaign: {
        id: string;
        title: string;
        story: string;
        goalCents: number;
        currency: string;
        donateUrl: string;
        endsOn: string | null;
        status: "active" | "closed";
        raisedCents: number;
        pledges: number;
        thanked: Array<string>;
        updates: Array<{
          id: string;
          body: string;
          createdAt: string;
        }>;
        canManage: boolean;
      };
    };
  };
  "POST /api/comments/{id}/flags": {
    params: { id: string };
    query: never;
    body: {
      reason: string;
    };
    response: {
      ok: boolean;
      hidden: boolean;
    };
  };
  "POST /api/communities": {
    params: never;
    query: never;
    body: {
      name: string;
      slug: string;
      description?: string;
      visibility: "public" | "members" | "private";
      region?: string | null;
    };
    response: {
      community: {
        id: string;
        slug: string;
        name: string;
      };
    };
  };
  "POST /api/communities/{id}/events": {
    params: { id: string };
    query: never;
    body: {
      title: string;
      description?: string;
      startsAt: string;
      endsAt: string;
      timeZone: string;
      place?: string | null;
      onlineUrl?: string | null;
      capacity?: number | null;
      confirmPhi?: boolean;
    };
    response: {
      event: {
        id: string;
        communityId: string;
        title: string;
        description: string;
        startsAt: string;
        endsAt: string;
        timeZone: string;
        place: string | null;
        onlineUrl: string | null;
        capacity: number | null;
        status: "scheduled" | "cancelled";
        going: number;
        waitlist: number;
        attended: number;
        mine: "going" | "waitlist" | null;
        waitlistPosition: number | null;
        canOrganize: boolean;
      };
    };
  };
  "POST /api/communities/{id}/join": {
    params: { id: string };
    query: never;
    body: {
      pseudonym?: string | null;
      acceptRules?: boolean;
    };
    response: {
      ok: boolean;
    };
  };
  "POST /api/communities/{id}/join-links": {
    params: { id: string };
    query: never;
    body: {
      label?: string;
      requiresApproval?: boolean;
      emailDomains?: Array<string>;
      accessCode?: string | null;
      expiresAt?: string | null;
      maxUses?: number | null;
    };
    response: {
      link: {
        id: string;
        code: string;
        path: string;
        label: string;
        requiresApproval: boolean;
        emailDomains: Array<string>;
        needsAccessCode: boolean;
        expiresAt: string | null;
        maxUses: number | null;
        uses: number;
        active: boolean;
        createdAt: string;
      };
    };
  };
  "POST /api/communities/{id}/posts": {
    params: { id: string };
    query: never;
    body: {
      title?: string;
      body: string;
      kind?: "post" | "announcement" | "education" | "event" | "campaign" | "question";
      visibility?: "public" | "members" | "care_team";
      contentWarning?: string | null;
      anonymous?: boolean;
      consentId?: string | null;
      consentIds?: Array<string>;
      confirmPhi?: boolean;
      questionTo?: string | null;
      mediaIds?: Array<string>;
    };
    response: {
      post: {
        id: string;
        version: number;
        status: string;
        createdAt: string;
      };
    };
  };
  "POST /api/communities/{id}/read": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "POST /api/consents": {
    params: never;
    query: never;
    body: {
      patientId?: string | null;
      subject?: {
        name: string;
        aliases?: Array<string>;
        birthDate?: string | null;
        contact?: string | null;
      } | null;
      signature?: {
        method: "signed_form" | "typed_signature";
        signedName?: string | null;
        witnessId?: string | null;
      } | null;
      media?: Array<"text" | "photo" | "video" | "audio">;
      purpose: string;
      confirmPhi?: boolean;
      destinations: Array<"public" | "community" | "direct" | "care_team">;
      categories: Array<"SH01_NAME" | "SH02_GEO" | "SH03_DATE" | "SH04_PHONE" | "SH05_FAX" | "SH06_EMAIL" | "SH07_SSN" | "SH08_MRN" | "SH09_HEALTH_PLAN" | "SH10_ACCOUNT" | "SH11_LICENSE" | "SH12_VEHICLE" | "SH13_DEVICE" | "SH14_URL" | "SH15_IP" | "SH16_BIOMETRIC" | "SH17_PHOTO" | "SH18_OTHER_ID">;
      expiresAt: unknown;
    };
    response: {
      consent: {
        id: string;
        patientId: string | null;
        subject: {
          name: string;
          aliases: Array<string>;
          birthDate: string | null;
          contact: string | null;
        };
        signature: {
          method: "signed_form" | "typed_signature" | "own_account";
          signedName: string | null;
          witnessId: string | null;
        };
        media: Array<string>;
        purpose: string;
        destinations: Array<string>;
        categories: Array<string>;
        validFrom: string;
        expiresAt: string;
        revokedAt: string | null;
        active: boolean;
      };
    };
  };
  "POST /api/consents/{id}/revoke": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      hiddenPosts: Array<string>;
      hiddenComments: Array<string>;
      cancelledTargets: number;
      takedowns: number;
    };
  };
  "POST /api/events/{id}/announce": {
    params: { id: string };
    query: never;
    body: {
      channelIds: Array<string>;
    };
    response: {
      postId: string;
    };
  };
  "POST /api/events/{id}/cancel": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "POST /api/events/{id}/rsvp": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      event: {
        id: string;
        communityId: string;
        title: string;
        description: string;
        startsAt: string;
        endsAt: string;
        timeZone: string;
        place: string | null;
        onlineUrl: string | null;
        capacity: number | null;
        status: "scheduled" | "cancelled";
        going: number;
        waitlist: number;
        attended: number;
        mine: "going" | "waitlist" | null;
        waitlistPosition: number | null;
        canOrganize: boolean;
      };
    };
  };
  "POST /api/goals": {
    params: never;
    query: never;
    body: {
      kind: "steps" | "weight" | "a1c" | "blood_pressure" | "sleep" | "habit";
      title?: string;
      unit?: string | null;
      target?: number | null;
      target2?: number | null;
      dueDate?: string | null;
    };
    response: {
      goal: {
        id: string;
        kind: "steps" | "weight" | "a1c" | "blood_pressure" | "sleep" | "habit";
        title: string;
        unit: string;
        target: number | null;
        target2: number | null;
        dueDate: string | null;
        status: "suggested" | "active" | "declined" | "stopped";
        direction: "up" | "down";
        reached: boolean;
        suggestedBy: string | null;
        suggestionNote: string;
        entries: Array<{
          id: string;
          value: number;
          value2: number | null;
          date: string;
        }>;
        sharedWith: Array<{
          id: string;
          name: string;
        }>;
        patientName?: string;
        createdAt: string;
      };
    };
  };
  "POST /api/goals/suggestions": {
    params: never;
    query: never;
    body: {
      kind: "steps" | "weight" | "a1c" | "blood_pressure" | "sleep" | "habit";
      title?: string;
      unit?: string | null;
      target?: number | null;
      target2?: number | null;
      dueDate?: string | null;
      patientId: string;
      note?: string;
    };
    response: {
      goal: {
        id: string;
        kind: "steps" | "weight" | "a1c" | "blood_pressure" | "sleep" | "habit";
        title: string;
        unit: string;
        target: number | null;
        target2: number | null;
        dueDate: string | null;
        status: "suggested" | "active" | "declined" | "stopped";
        direction: "up" | "down";
        reached: boolean;
        suggestedBy: string | null;
        suggestionNote: string;
        entries: Array<{
          id: string;
          value: number;
          value2: number | null;
          date: string;
        }>;
        sharedWith: Array<{
          id: string;
          name: string;
        }>;
        patientName?: string;
        createdAt: string;
      };
    };
  };
  "POST /api/goals/{id}/entries": {
    params: { id: string };
    query: never;
    body: {
      value: number;
      value2?: number | null;
      date?: string | null;
    };
    response: {
      goal: {
        id: string;
        kind: "steps" | "weight" | "a1c" | "blood_pressure" | "sleep" | "habit";
        title: string;
        unit: string;
        target: number | null;
        target2: number | null;
        dueDate: string | null;
        status: "suggested" | "active" | "declined" | "stopped";
        direction: "up" | "down";
        reached: boolean;
        suggestedBy: string | null;
        suggestionNote: string;
        entries: Array<{
          id: string;
          value: number;
          value2: number | null;
          date: string;
        }>;
        sharedWith: Array<{
          id: string;
          name: string;
        }>;
        patientName?: string;
        createdAt: string;
      };
    };
  };
  "POST /api/goals/{id}/shares": {
    params: { id: string };
    query: never;
    body: {
      clinicianIds: Array<string>;
    };
    response: {
      goal: {
        id: string;
        kind: "steps" | "weight" | "a1c" | "blood_pressure" | "sleep" | "habit";
        title: string;
        unit: string;
        target: number | null;
        target2: number | null;
        dueDate: string | null;
        status: "suggested" | "active" | "declined" | "stopped";
        direction: "up" | "down";
        reached: boolean;
        suggestedBy: string | null;
        suggestionNote: string;
        entries: Array<{
          id: string;
          value: number;
          value2: number | null;
          date: string;
        }>;
        sharedWith: Array<{
          id: string;
          name: string;
        }>;
        patientName?: string;
        createdAt: string;
      };
    };
  };
  "POST /api/invitations/accept": {
    params: never;
    query: never;
    body: {
      token: string;
      displayName: string;
      password: string;
    };
    response: {
      csrfToken: string;
      session: {
        user: {
          id: string;
          displayName: string;
          email: string;
          twoFactor: boolean;
          passkey: boolean;
        };
        organization: {
          id: string;
          name: string;
          slug: string;
        };
        role: "patient" | "clinician" | "staff" | "communications" | "compliance" | "admin";
        can: Array<"community.create" | "community.moderate" | "post.publish_announcement" | "post.pin" | "content.moderate" | "consent.record" | "audit.read" | "archive.read" | "archive.dispose" | "org.manage_members" | "security.read_alerts" | "break_glass.grant" | "break_glass.approve" | "signals.read" | "policy.manage" | "oversight.read" | "publisher.compose" | "publisher.channels" | "publisher.approve" | "publisher.inbox" | "publisher.analytics" | "publisher.library" | "guard.profile" | "screening.manage" | "fundraising.manage">;
        mustEnrollTwoFactor: boolean;
        onboarded: boolean;
        locale: "en" | "es" | null;
      };
    } | {
      secondFactor: {
        challenge: string;
        methods: Array<"totp" | "passkey" | "recovery_code">;
      };
    };
  };
  "POST /api/join-requests/{id}/decision": {
    params: { id: string };
    query: never;
    body: {
      decision: "approve" | "decline";
    };
    response: {
      ok: boolean;
    };
  };
  "POST /api/join/verify": {
    params: never;
    query: never;
    body: {
      token: string;
    };
    response: {
      communityId: string;
      pending: boolean;
      csrfToken: string;
      session: {
        user: {
          id: string;
          displayName: string;
          email: string;
          twoFactor: boolean;
          passkey: boolean;
        };
        organization: {
          id: string;
          name: string;
          slug: string;
        };
        role: "patient" | "clinician" | "staff" | "communications" | "compliance" | "admin";
        can: Array<"community.create" | "community.moderate" | "post.publish_announcement" | "post.pin" | "content.moderate" | "consent.record" | "audit.read" | "archive.read" | "archive.dispose" | "org.manage_members" | "security.read_alerts" | "break_glass.grant" | "break_glass.approve" | "signals.read" | "policy.manage" | "oversight.read" | "publisher.compose" | "publisher.channels" | "publisher.approve" | "publisher.inbox" | "publisher.analytics" | "publisher.library" | "guard.profile" | "screening.manage" | "fundraising.manage">;
        mustEnrollTwoFactor: boolean;
        onboarded: boolean;
        locale: "en" | "es" | null;
      };
    };
  };
  "POST /api/join/{code}": {
    params: { code: string };
    query: never;
    body: {
      pseudonym?: string | null;
      acceptRules?: boolean;
      accessCode?: string | null;
    };
    response: {
      communityId: string;
      pending: boolean;
    };
  };
  "POST /api/join/{code}/signup": {
    params: { code: string };
    query: never;
    body: {
      email: string;
      displayName: string;
      password: string;
      pseudonym?: string | null;
      acceptRules?: boolean;
      accessCode?: string | null;
    };
    response: {
      ok: boolean;
      message: string;
    };
  };
  "POST /api/me/erasure": {
    params: never;
    query: never;
    body: {
      confirm: true;
    };
    response: {
      requestId: string;
      status: string;
      erasedEntries: number;
      kept: Array<{
        recordClass: string;
        entries: number;
        reason: string;
        until: string | null;
      }>;
      message: string;
    };
  };
  "POST /api/me/onboarded": {
    params: never;
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "POST /api/media": {
    params: never;
    query: { name?: string };
    body: never;
    response: {
      media: {
        id: string;
        status: "processing" | "ready" | "failed" | "destroyed";
        stage: string;
        fileName: string;
        kind: "picture" | "video";
        durationMs: number | null;
        width: number;
        height: number;
        altText: string;
        redactions: Array<{
          box: {
            x: number;
            y: number;
            w: number;
            h: number;
          };
          style: "blur" | "cover" | "crop";
        }>;
        version: number;
        failure: string | null;
        shared: boolean;
        createdAt: string;
      };
    };
  };
  "POST /api/media/{id}/hide-found": {
    params: { id: string };
    query: never;
    body: {
      destination?: "public" | "community" | "direct" | "care_team";
    };
    response: {
      status: "processing" | "ready" | "failed" | "destroyed";
      findings: Array<{
        kind: "face" | "text" | "code";
        box: {
          x: number;
          y: number;
          w: number;
          h: number;
        };
        categories: Array<string>;
        labels: Array<string>;
        hidden: boolean;
      }>;
      decision: {
        verdict: "allow" | "warn" | "needs_consent" | "block";
        categories: Array<string>;
      } | null;
    };
  };
  "POST /api/moderation/actions/{id}/appeal": {
    params: { id: string };
    query: never;
    body: {
      text: string;
    };
    response: {
      ok: boolean;
    };
  };
  "POST /api/moderation/actions/{id}/appeal-decision": {
    params: { id: string };
    query: never;
    body: {
      decision: "uphold" | "overturn";
      note?: string;
    };
    response: {
      ok: boolean;
    };
  };
  "POST /api/moderation/claims": {
    params: never;
    query: never;
    body: {
      claim: string;
      correction?: string;
      url?: string | null;
      sourceId?: string | null;
    };
    response: {
      id: string;
    };
  };
  "POST /api/moderation/corrections": {
    params: never;
    query: never;
    body: {
      postId: string;
      sourceId: string;
      note?: string;
    };
    response: {
      ok: boolean;
    };
  };
  "POST /api/moderation/flags/{id}": {
    params: { id: string };
    query: never;
    body: {
      decision: "agree" | "disagree";
      reason?: string;
    };
    response: {
      ok: boolean;
    };
  };
  "POST /api/moderation/flags/{id}/show-correction": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "POST /api/moderation/items/{kind}/{id}/actions": {
    params: { kind: "post" | "comment"; id: string };
    query: never;
    body: {
      action: "agree" | "disagree" | "approve" | "hide" | "delete" | "warn" | "silence" | "suspend" | "restore";
      reason: string;
      days?: number;
    };
    response: {
      actionId: string;
      status: string;
    };
  };
  "POST /api/moderation/rules": {
    params: never;
    query: never;
    body: {
      pattern: string;
      isRegex?: boolean;
      action: "block" | "require_approval" | "flag" | "replace";
      replacement?: string | null;
      communityId?: string | null;
      note?: string;
    };
    response: {
      rule: {
        id: string;
      };
    };
  };
  "POST /api/moderation/rules/test": {
    params: never;
    query: never;
    body: {
      text: string;
      communityId?: string | null;
      draft?: {
        pattern: string;
        isRegex?: boolean;
        action: "block" | "require_approval" | "flag" | "replace";
        replacement?: string | null;
      };
    };
    response: {
      result: string;
      text: string;
      matches: Array<{
        ruleId: string;
        action: string;
        pattern: string;
      }>;
      misinformation: {
        probability: number;
        threshold: number;
        healthClaimTopic: boolean;
        routedToReview: boolean;
        reasons: Array<{
          kind: string;
          text: string;
          url: string | null;
        }>;
      };
    };
  };
  "POST /api/moderation/sources": {
    params: never;
    query: never;
    body: {
      title: string;
      url: string;
      publisher: string;
      summary?: string;
    };
    response: {
      source: {
        id: string;
      };
    };
  };
  "POST /api/moderation/unreliable-domains": {
    params: never;
    query: never;
    body: {
      domain: string;
      note?: string;
    };
    response: {
      domain: string;
    };
  };
  "POST /api/notifications/{id}/read": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "POST /api/org/invitations": {
    params: never;
    query: never;
    body: {
      email: string;
      role: "patient" | "clinician" | "staff" | "communications" | "compliance" | "admin";
    };
    response: {
      invitation: {
        id: string;
        token: string;
        expiresAt: string;
      };
    };
  };
  "POST /api/org/members/{id}/deactivate": {
    params: { id: string };
    query: never;
    body: {
      reason?: string;
    };
    response: {
      sessionsEnded: number;
      channelsFlagged: number;
      postsHeld: number;
      role: string;
    };
  };
  "POST /api/org/members/{id}/reactivate": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "POST /api/org/members/{id}/reset-2fa": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      passkeysRemoved: number;
    };
  };
  "POST /api/org/scim-tokens": {
    params: never;
    query: never;
    body: {
      name: string;
    };
    response: {
      id: string;
      token: string;
    };
  };
  "POST /api/oversight/digest": {
    params: never;
    query: never;
    body: never;
    response: {
      recipients: number;
    };
  };
  "POST /api/oversight/reviews/{id}": {
    params: { id: string };
    query: never;
    body: {
      decision: "appropriate" | "concern";
      note?: string;
    };
    response: {
      ok: boolean;
    };
  };
  "POST /api/phi/scan": {
    params: never;
    query: never;
    body: {
      text: string;
      title?: string;
      consentIds?: Array<string>;
      destination?: "public" | "community" | "direct" | "care_team";
      mode?: "highlight" | "mask" | "surrogate";
    };
    response: {
      findings: Array<{
        start: number;
        end: number;
        category: string;
        label: string;
        subject: string;
        subjectLabel: string;
        confidence: number;
        reason: string;
      }>;
      decision: {
        verdict: "allow" | "warn" | "needs_consent" | "block";
        categories: Array<string>;
      };
      redacted?: string;
      replacements?: Array<{
        start: number;
        end: number;
        category: string;
      }>;
    };
  };
  "POST /api/policies": {
    params: never;
    query: never;
    body: {
      slug: string;
      title: string;
      body: string;
      changeSummary?: string;
    };
    response: {
      policy: {
        id: string;
        version: number;
        versionId: string;
      };
    };
  };
  "POST /api/policies/{id}/acknowledge": {
    params: { id: string };
    query: never;
    body: {
      version: number;
    };
    response: {
      acknowledgement: {
        acknowledgedAt: string;
        version: number;
      };
    };
  };
  "POST /api/posts/{id}/comments": {
    params: { id: string };
    query: never;
    body: {
      body: string;
      parentId?: string | null;
      anonymous?: boolean;
      markAnswer?: boolean;
      consentId?: string | null;
      consentIds?: Array<string>;
      confirmPhi?: boolean;
      mediaIds?: Array<string>;
    };
    response: {
      comment: {
        id: string;
        status: string;
      };
    };
  };
  "POST /api/posts/{id}/flags": {
    params: { id: string };
    query: never;
    body: {
      reason: string;
    };
    response: {
      ok: boolean;
      hidden: boolean;
    };
  };
  "POST /api/posts/{id}/reactions": {
    params: { id: string };
    query: never;
    body: {
      emoji: "like" | "support" | "thanks" | "helpful";
    };
    response: {
      reacted: boolean;
    };
  };
  "POST /api/providers/{id}/reviews": {
    params: { id: string };
    query: never;
    body: {
      rating: number;
      body: string;
      confirmPhi?: boolean;
    };
    response: {
      review: {
        id: string;
      };
    };
  };
  "POST /api/publisher/bulk": {
    params: never;
    query: never;
    body: {
      csv: string;
      dryRun?: boolean;
    };
    response: {
      rows: Array<{
        line: number;
        status: "created" | "valid" | "refused";
        postId: string | null;
        scheduledAt: string | null;
        error: {
          id: string;
          message: string;
        } | null;
      }>;
      created: number;
      refused: number;
      timeZone: string;
    };
  };
  "POST /api/publisher/channels": {
    params: never;
    query: never;
    body: {
      network: "mastodon" | "bluesky" | "google_reviews" | "x" | "facebook" | "linkedin" | "sandbox" | "instagram" | "youtube";
      name: string;
      baseUrl?: string;
      credentials?: Record<string, string>;
    };
    response: {
      channel: {
        id: string;
        network: "mastodon" | "bluesky" | "google_reviews" | "x" | "facebook" | "linkedin" | "sandbox" | "instagram" | "youtube";
        name: string;
        baseUrl: string;
        handle: string;
        maxLength: number;
        canPost: boolean;
        status: "active" | "revoked" | "paused";
        statusReason: string | null;
        lastCheckedAt: string | null;
        ownerDepartedAt: string | null;
      };
    };
  };
  "POST /api/publisher/channels/{id}/check": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
      problem: string | null;
      channel: {
        id: string;
        network: "mastodon" | "bluesky" | "google_reviews" | "x" | "facebook" | "linkedin" | "sandbox" | "instagram" | "youtube";
        name: string;
        baseUrl: string;
        handle: string;
        maxLength: number;
        canPost: boolean;
        status: "active" | "revoked" | "paused";
        statusReason: string | null;
        lastCheckedAt: string | null;
        ownerDepartedAt: string | null;
      };
    };
  };
  "POST /api/publisher/channels/{id}/take-over": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "POST /api/publisher/inbox/{id}/responses": {
    params: { id: string };
    query: never;
    body: {
      body: string;
      confirmPhi?: boolean;
    };
    response: {
      response: {
        id: string;
      };
    };
  };
  "POST /api/publisher/library": {
    params: never;
    query: never;
    body: {
      title: string;
      body: string;
      tags?: Array<string>;
      confirmPhi?: boolean;
    };
    response: {
      item: {
        id: string;
        status: string;
      };
    };
  };
  "POST /api/publisher/library/{id}/decision": {
    params: { id: string };
    query: never;
    body: {
      decision: "approve" | "retire";
    };
    response: {
      status: "proposed" | "approved" | "retired";
    };
  };
  "POST /api/publisher/library/{id}/use": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "POST /api/publisher/oauth/{network}/start": {
    params: { network: string };
    query: never;
    body: {
      name: string;
      fields?: Record<string, string>;
    };
    response: {
      authorizeUrl: string;
      scopes: Array<string>;
    };
  };
  "POST /api/publisher/posts": {
    params: never;
    query: never;
    body: {
      body: string;
      channelIds: Array<string>;
      scheduledAt?: string | null;
      campaign?: string | null;
      consentId?: string | null;
      consentIds?: Array<string>;
      mediaIds?: Array<string>;
      confirmPhi?: boolean;
      followUps?: Array<string>;
      repeat?: {
        every: "day" | "week" | "month";
        times: number;
      } | null;
      draft?: boolean;
    };
    response: {
      post: {
        id: string;
        status: string;
        approvalsRequired: number;
      };
    };
  };
  "POST /api/publisher/posts/{id}/cancel": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "POST /api/publisher/posts/{id}/decision": {
    params: { id: string };
    query: never;
    body: {
      decision: "approve" | "reject";
      note?: string;
    };
    response: {
      status: string;
      step: number;
      of: number;
    };
  };
  "POST /api/publisher/preview": {
    params: never;
    query: never;
    body: {
      body: string;
      followUps?: Array<string>;
      channelIds: Array<string>;
      campaign?: string | null;
    };
    response: {
      channels: Array<{
        channelId: string;
        channel: string;
        network: "mastodon" | "bluesky" | "google_reviews" | "x" | "facebook" | "linkedin" | "sandbox" | "instagram" | "youtube";
        maxLength: number;
        canPost: boolean;
        followUpsAs: "thread" | "comments";
        parts: Array<{
          text: string;
          length: number;
          fits: boolean;
        }>;
      }>;
    };
  };
  "POST /api/publisher/targets/{id}/retry": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "POST /api/publisher/targets/{id}/takedown": {
    params: { id: string };
    query: never;
    body: {
      reason: string;
    };
    response: {
      ok: boolean;
    };
  };
  "POST /api/publisher/templates": {
    params: never;
    query: never;
    body: {
      name: string;
      body: string;
    };
    response: {
      template: {
        id: string;
        name: string;
        body: string;
      };
    };
  };
  "POST /api/push/subscriptions": {
    params: never;
    query: never;
    body: {
      endpoint: string;
      keys: {
        p256dh: string;
        auth: string;
      };
    };
    response: {
      ok: boolean;
    };
  };
  "POST /api/push/subscriptions/remove": {
    params: never;
    query: never;
    body: {
      endpoint: string;
    };
    response: {
      ok: boolean;
    };
  };
  "POST /api/screening/instruments": {
    params: never;
    query: never;
    body: {
      title: string;
      about?: string;
      period?: string | null;
      source?: string;
      questions: Array<{
        text: string;
        options: Array<{
          value: number;
          label: string;
        }>;
      }>;
      bands: Array<{
        min: number;
        label: string;
        nextSteps: string;
      }>;
      crisis?: Array<{
        question: number;
        atLeast: number;
      }>;
    };
    response: {
      instrument: {
        id: string;
        title: string;
        about: string;
        period: string | null;
        source: string;
        questions: Array<{
          id: string;
          text: string;
          options: Array<{
            value: number;
            label: string;
          }>;
          askIf: {
            question: string;
            value: number;
          } | null;
        }>;
        maxScore: number;
        crisis: Array<{
          question: string;
          atLeast: number;
        }>;
        own: boolean;
      };
    };
  };
  "POST /api/screening/results": {
    params: never;
    query: never;
    body: {
      instrument: string;
      answers: Record<string, number>;
      alertCareTeam?: boolean;
    };
    response: {
      result: {
        id: string;
        instrument: string;
        title: string;
        answers: Record<string, number>;
        score: number;
        maxScore: number;
        band: string;
        nextSteps: string;
        crisis: boolean;
        alertedCareTeam: boolean;
        createdAt: string;
        patientName?: string;
        sharedWith?: Array<{
          id: string;
          name: string;
        }>;
      };
      crisisResources: Array<{
        name: string;
        how: string;
        href: string;
      }>;
    };
  };
  "POST /api/screening/results/{id}/shares": {
    params: { id: string };
    query: never;
    body: {
      clinicianIds: Array<string>;
    };
    response: {
      result: {
        id: string;
        instrument: string;
        title: string;
        answers: Record<string, number>;
        score: number;
        maxScore: number;
        band: string;
        nextSteps: string;
        crisis: boolean;
        alertedCareTeam: boolean;
        createdAt: string;
        patientName?: string;
        sharedWith?: Array<{
          id: string;
          name: string;
        }>;
      };
    };
  };
  "POST /api/security/2fa/disable": {
    params: never;
    query: never;
    body: {
      password: string;
      code: string;
    };
    response: {
      ok: boolean;
    };
  };
  "POST /api/security/2fa/enable": {
    params: never;
    query: never;
    body: {
      code: string;
    };
    response: {
      recoveryCodes: Array<string>;
    };
  };
  "POST /api/security/2fa/setup": {
    params: never;
    query: never;
    body: never;
    response: {
      secret: string;
      uri: string;
      qrSvg: string;
    };
  };
  "POST /api/security/alerts/{id}/read": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      ok: boolean;
    };
  };
  "POST /api/security/break-glass": {
    params: never;
    query: never;
    body: {
      userId: string;
      reason: string;
      minutes: number;
    };
    response: {
      grant: {
        id: string;
        status: string;
        lapsesAt: string;
      };
    };
  };
  "POST /api/security/break-glass/{id}/approve": {
    params: { id: string };
    query: never;
    body: never;
    response: {
      grant: {
        id: string;
        status: string;
        expiresAt: string;
      };
    };
  };
  "POST /api/security/passkeys": {
    params: never;
    query: never;
    body: {
      name?: string;
      response: {
        id: string;
        rawId: string;
        type: "public-key";
        response: Record<string, unknown>;
        clientExtensionResults?: Record<string, unknown>;
        [key: string]: unknown;
      };
    };
    response: {
      ok: boolean;
    };
  };
  "POST /api/security/passkeys/options": {
    params: never;
    query: never;
    body: never;
    response: {
      challenge: string;
      [key: string]: unknown;
    };
  };
  "POST /api/threads": {
    params: never;
    query: never;
    body: {
      kind: "direct" | "care_team" | "consult";
      participantIds: Array<string>;
      subject?: string;
      body: string;
      confirmPhi?: boolean;
    };
    response: {
      thread: {
        id: string;
      };
      message: {
        id: string;
        body: string;
        redactions: Array<{
          category: string;
          start: number;
          end: number;
        }> | null;
        createdAt: string;
      };
    };
  };
  "POST /api/threads/{id}/messages": {
    params: { id: string };
    query: never;
    body: {
      body: string;
      confirmPhi?: boolean;
      mediaIds?: Array<string>;
    };
    response: {
      message: {
        id: string;
        body: string;
        redactions: Array<{
          category: string;
          start: number;
          end: number;
        }> | null;
        createdAt: string;
      };
    };
  };
  "POST /api/training/modules/{id}/attempts": {
    params: { id: string };
    query: never;
    body: {
      answers: Array<number>;
    };
    response: {
      attemptId: string;
      score: number;
      passMark: number;
      passed: boolean;
      certificateId: string | null;
      feedback: Array<{
        correct: boolean;
        explanation: string | null;
      }> | null;
      attemptsLeftToday: number | null;
    };
  };
  "PUT /api/archive/review-sets/{id}/items/{position}": {
    params: { id: string; position: number };
    query: never;
    body: {
      tags: Array<"responsive" | "non_responsive" | "privileged" | "confidential">;
      note?: string;
    };
    response: {
      tags: Array<string>;
    };
  };
  "PUT /api/archive/rules/{id}": {
    params: { id: string };
    query: never;
    body: {
      years: number;
      basis: string;
      effectiveFrom?: string | null;
      acknowledgeShort?: boolean;
    };
    response: {
      warnings: Array<string>;
    };
  };
  "PUT /api/communities/{id}/rules": {
    params: { id: string };
    query: never;
    body: {
      rules: string;
    };
    response: {
      rules: string;
    };
  };
  "PUT /api/events/{id}/attendance": {
    params: { id: string };
    query: never;
    body: {
      userId: string;
      attended: boolean;
    };
    response: {
      ok: boolean;
    };
  };
  "PUT /api/goals/{id}/status": {
    params: { id: string };
    query: never;
    body: {
      status: "active" | "declined" | "stopped";
    };
    response: {
      goal: {
        id: string;
        kind: "steps" | "weight" | "a1c" | "blood_pressure" | "sleep" | "habit";
        title: string;
        unit: string;
        target: number | null;
        target2: number | null;
        dueDate: string | null;
        status: "suggested" | "active" | "declined" | "stopped";
        direction: "up" | "down";
        reached: boolean;
        suggestedBy: string | null;
        suggestionNote: string;
        entries: Array<{
          id: string;
          value: number;
          value2: number | null;
          date: string;
        }>;
        sharedWith: Array<{
          id: string;
          name: string;
        }>;
        patientName?: string;
        createdAt: string;
      };
    };
  };
  "PUT /api/me/locale": {
    params: never;
    query: never;
    body: {
      locale: "en" | "es";
    };
    response: {
      ok: boolean;
    };
  };
  "PUT /api/moderation/members/{id}/trust": {
    params: { id: string };
    query: never;
    body: {
      level: number;
    };
    response: {
      ok: boolean;
    };
  };
  "PUT /api/notifications/preferences": {
    params: never;
    query: never;
    body: {
      quietStart: number | null;
      quietEnd: number | null;
      timeZone?: string;
      batch?: "instant" | "hourly" | "daily";
    };
    response: {
      preferences: {
        quietStart: number | null;
        quietEnd: number | null;
        timeZone: string;
        batch: string;
      };
    };
  };
  "PUT /api/org/guard-profile": {
    params: never;
    query: never;
    body: {
      aliases?: Array<string>;
      facilities?: Array<{
        name: string;
        address?: string;
        phone?: string;
        fax?: string;
      }>;
      domains?: Array<string>;
      publicFigures?: Array<string>;
    };
    response: {
      aliases: Array<string>;
      facilities: Array<{
        name: string;
        address?: string;
        phone?: string;
        fax?: string;
      }>;
      domains: Array<string>;
      publicFigures: Array<string>;
    };
  };
  "PUT /api/org/sso": {
    params: never;
    query: never;
    body: {
      kind: "oidc";
      issuer: string;
      clientId: string;
      clientSecret?: string;
      groupsClaim: string;
      roleMap: Record<string, "patient" | "clinician" | "staff" | "communications" | "compliance" | "admin">;
      defaultRole: "patient" | "clinician" | "staff" | "communications" | "compliance" | "admin" | null;
      requireForStaff: boolean;
    } | {
      kind: "saml";
      entityId: string;
      ssoUrl: string;
      certificate: string;
      groupsClaim: string;
      roleMap: Record<string, "patient" | "clinician" | "staff" | "communications" | "compliance" | "admin">;
      defaultRole: "patient" | "clinician" | "staff" | "communications" | "compliance" | "admin" | null;
      requireForStaff: boolean;
    };
    response: {
      ok: boolean;
    };
  };
  "PUT /api/posts/{id}/pin": {
    params: { id: string };
    query: never;
    body: {
      pinned: boolean;
    };
    response: {
      ok: boolean;
    };
  };
  "PUT /api/providers/me": {
    params: never;
    query: never;
    body: {
      specialty: string;
      npi?: string | null;
      bio?: string;
      photoId?: string | null;
    };
    response: {
      ok: boolean;
    };
  };
  "PUT /api/providers/{id}/verified": {
    params: { id: string };
    query: never;
    body: {
      verified: boolean;
    };
    response: {
      ok: boolean;
    };
  };
  "PUT /api/publisher/channels/{id}/active": {
    params: { id: string };
    query: never;
    body: {
      active: boolean;
    };
    response: {
      ok: boolean;
    };
  };
  "PUT /api/publisher/posts/{id}": {
    params: { id: string };
    query: never;
    body: {
      body: string;
      channelIds: Array<string>;
      scheduledAt?: string | null;
      campaign?: string | null;
      consentId?: string | null;
      consentIds?: Array<string>;
      mediaIds?: Array<string>;
      confirmPhi?: boolean;
      followUps?: Array<string>;
      repeat?: {
        every: "day" | "week" | "month";
        times: number;
      } | null;
      draft?: boolean;
    };
    response: {
      post: {
        id: string;
        status: string;
        approvalsRequired: number;
      };
    };
  };
  "PUT /api/publisher/settings": {
    params: never;
    query: never;
    body: {
      approvalSteps: number;
      approvalHours: number;
      responseHours: number;
      calendar?: {
        timeZone: string;
        days: Array<number>;
        open: number;
        close: number;
      };
      linkTracking?: boolean;
    };
    response: {
      ok: boolean;
    };
  };
  "PUT /api/reviews/{id}/reply": {
    params: { id: string };
    query: never;
    body: {
      body: string;
      confirmPhi?: boolean;
      replace?: boolean;
    };
    response: {
      ok: boolean;
    };
  };
  "PUT /api/sharing-rules": {
    params: never;
    query: never;
    body: {
      destinations: Record<string, Array<"public" | "community" | "direct" | "care_team">>;
      approvals: Record<string, Array<"patient" | "clinician" | "staff" | "communications" | "compliance" | "admin">>;
      gates: Record<string, {
          modules: Array<string>;
          policies: Array<string>;
        }>;
      samplePercent: number;
      phiPolicy: Record<string, Record<string, "allow" | "warn" | "needs_consent" | "block">>;
    };
    response: {
      ok: boolean;
    };
  };
}
