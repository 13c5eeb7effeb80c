package bulletin

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
)

// SampleFiles are the demo's documents (plain text, by file name). The demo
// records them as files rows without writing blobs, since it does not know
// where the files folder is; downloads fall back to these by content hash.
var SampleFiles = map[string]string{
	"关于开展大调研大融合大发展专项活动的通知.txt": "河西区大调研、大融合、大发展专项活动通知（演示文本）。\n一、活动目标\n二、工作安排\n三、工作要求\n",
	"专项活动工作方案（征求意见稿）.txt":      "专项活动工作方案（征求意见稿）。\n分动员部署、调研摸底、集中攻坚、总结提升四个阶段推进。\n",
	"专项活动工作方案.txt":             "专项活动工作方案（正式稿）。\n分动员部署、调研摸底、集中攻坚、总结提升四个阶段推进；各牵头单位每周五报送进展。\n",
	"调研报告模板.txt":               "调研报告模板\n一、基本情况\n二、存在问题\n三、意见建议\n",
	"调度会通知附件：议程.txt":           "调度会议程（演示）\n1. 各单位汇报\n2. 督查室通报\n3. 领导讲话\n",
}

var samplesBySHA = func() map[string][]byte {
	out := map[string][]byte{}
	for _, text := range SampleFiles {
		sum := sha256.Sum256([]byte(text))
		out[hex.EncodeToString(sum[:])] = []byte(text)
	}
	return out
}()

func sampleBySHA(sha string) ([]byte, bool) {
	b, ok := samplesBySHA[sha]
	return b, ok
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
